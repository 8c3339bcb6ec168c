import type { OctokitCore } from "../github/types.js";
import { githubRequests, rateLimitRemaining } from "./metrics.js";

type Headers = Record<string, string | number | undefined>;

function record(method: string, status: number, headers: Headers | undefined, installation: string | undefined): void {
  githubRequests.inc({ method, status: String(status) });
  const remaining = Number(headers?.["x-ratelimit-remaining"]);
  if (installation && headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining)) rateLimitRemaining.set({ installation }, remaining);
}

/**
 * Octokit plugin: count requests by status and keep each installation's remaining rate limit
 * (installation clients carry `auth.installationId` in their options; the app's own has none).
 */
export function githubRequestMetrics(octokit: OctokitCore, options: { auth?: unknown } = {}): void {
  const installationId = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  const installation = typeof installationId === "number" || typeof installationId === "string" ? String(installationId) : undefined;
  octokit.hook.after("request", (response, options) => record(options.method, response.status, response.headers as Headers, installation));
  octokit.hook.error("request", (error, options) => {
    const { status, response } = error as { status?: number; response?: { headers?: Headers } };
    record(options.method, typeof status === "number" && response ? status : 0, response?.headers, installation);
    throw error;
  });
}
