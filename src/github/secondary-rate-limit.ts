import type { OctokitCore } from "./types.js";

/** Longest wait honoured for one `retry-after`; past it the event fails visibly instead. */
const MAX_WAIT_SECONDS = 60;
const MAX_RETRIES = 2;

function retryAfterSeconds(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, response, message } = error as { status?: number; response?: { headers?: Record<string, string | undefined> }; message?: string };
  if (status !== 403 && status !== 429) return undefined;
  const header = response?.headers?.["retry-after"];
  const secondary = /secondary rate limit|abuse/i.test(message ?? "");
  if (header === undefined && !secondary) return undefined; // a plain 403 is a permission problem, not a rate limit
  const seconds = Number(header ?? 60);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 60;
}

/**
 * Probot's throttling only logs GitHub's secondary rate limit and gives up, which would lose the
 * event. Anvil waits as long as GitHub's `retry-after` asks (up to a minute) and tries again,
 * twice at most. The webhook itself has long been answered (Probot replies 202 after 9 s).
 */
export function retrySecondaryRateLimits(octokit: OctokitCore, sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): void {
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const wait = retryAfterSeconds(error);
        if (wait === undefined || attempt >= MAX_RETRIES || wait > MAX_WAIT_SECONDS) throw error;
        octokit.log.warn(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying in ${wait}s`);
        await sleep(wait * 1000);
      }
    }
  });
}
