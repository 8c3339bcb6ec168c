import type { OctokitCore } from "./types.js";

/**
 * Conditional requests for repository contents (config files, templates, manifests).
 *
 * GitHub answers `If-None-Match` with `304 Not Modified`, which does not count against the rate
 * limit, and the content is then served from this cache. Nothing stale can be served: every use
 * still asks GitHub, which decides whether the cached copy is current.
 */
interface CachedResponse {
  etag: string;
  response: unknown;
}

const MAX_ENTRIES = 1000;
const cache = new Map<string, CachedResponse>();

function remember(key: string, value: CachedResponse): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

const CONTENTS_URL = /^\/repos\/[^/]+\/[^/]+\/contents\//;

export function useConditionalRequests(octokit: OctokitCore): void {
  octokit.hook.wrap("request", async (request, options) => {
    const url = typeof options.url === "string" ? options.url : "";
    if (options.method !== "GET" || !CONTENTS_URL.test(url)) return request(options);

    const endpoint = octokit.request.endpoint(options);
    const key = `${endpoint.url}|${String(endpoint.headers.accept ?? "")}`;
    const cached = cache.get(key);
    if (cached) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === "string") remember(key, { etag, response });
      return response;
    } catch (error) {
      if (cached && typeof error === "object" && error !== null && (error as { status?: number }).status === 304) {
        remember(key, cached);
        return cached.response as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
}

/** For tests: forget every cached response. */
export function clearConditionalCache(): void {
  cache.clear();
}
