import { ProbotOctokit } from "probot";
import { useConditionalRequests } from "../github/conditional-requests.js";
import { retrySecondaryRateLimits } from "../github/secondary-rate-limit.js";
import { githubRequestMetrics } from "../metrics/github-requests.js";
import type { OctokitCore } from "../github/types.js";

/**
 * Anvil's Octokit behaviour, composed ONCE into the Octokit class Probot builds every client from
 * (the app's and each installation's), instead of being re-applied to every delivery's client.
 * Each plugin is `(octokit) => void` and wraps the `request` hook; the GitHub behaviour itself
 * lives in `github/`. Order matters: the conditional-request cache is the outer layer, so a
 * retried request can still be answered from the cache.
 */

/** Wait out GitHub's secondary rate limit (`retry-after`) and try again, instead of losing the event. */
export function secondaryRateLimitRetry(octokit: OctokitCore): void {
  retrySecondaryRateLimits(octokit);
}

/** `If-None-Match` for repository contents: a `304` costs no rate limit and is served from cache. */
export function conditionalContentRequests(octokit: OctokitCore): void {
  useConditionalRequests(octokit);
}

interface ThrottledOptions {
  auth?: unknown;
  throttle?: Record<string, unknown>;
}

/**
 * Probot throttles GitHub writes per installation (`throttle.id`), but builds the Octokit a webhook
 * handler gets (`context.octokit`, octokit-auth-probot's "event-octokit") without that id, so
 * every installation of a process — and, with `REDIS_URL`, of every replica — shared one write
 * limiter ("no-id"): one write a second and one notifying write every 3 s for the whole app
 * (measured: docs/performance.md). An installation's client gets its installation's own limiter,
 * as `app.auth(installationId)` already does; the app's own (JWT) client keeps the shared one.
 */
export function throttlePerInstallation<T extends ThrottledOptions>(options: T): T {
  const installationId = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  if ((typeof installationId !== "number" && typeof installationId !== "string") || options.throttle?.enabled === false) return options;
  return { ...options, throttle: { ...options.throttle, id: String(installationId) } };
}

/** The Octokit class Anvil runs on: Probot's, plus Anvil's plugins, throttled per installation. */
export const AnvilOctokit = ProbotOctokit.plugin(secondaryRateLimitRetry, conditionalContentRequests, githubRequestMetrics).defaults(throttlePerInstallation);
