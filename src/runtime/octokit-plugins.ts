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

/** The Octokit class Anvil runs on: Probot's, plus Anvil's plugins. */
export const AnvilOctokit = ProbotOctokit.plugin(secondaryRateLimitRetry, conditionalContentRequests, githubRequestMetrics);
