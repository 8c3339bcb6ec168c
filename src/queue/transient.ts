/**
 * Whether a failure may go away by itself, so the job is worth retrying later: GitHub 5xx, 429,
 * a secondary rate limit, a network error (Octokit reports those as status 500 without a
 * response). Anything else (a 4xx, a bug) fails the same way every time and is kept for
 * inspection instead. An AggregateError (several handlers) is transient when one cause is.
 */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isTransientFailure);
  if (typeof error !== "object" || error === null) return false;
  const { status, message, code } = error as { status?: unknown; message?: unknown; code?: unknown };
  if (typeof status === "number") {
    if (status >= 500 || status === 429) return true;
    return status === 403 && typeof message === "string" && /secondary rate limit|abuse detection/i.test(message);
  }
  if (typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/.test(code)) return true;
  return error instanceof TypeError && /fetch failed/i.test(String(message));
}

/**
 * Probot's cluster throttling (Bottleneck 2.19) cannot rebuild its limiter state in Redis 7 once
 * Redis lost it (a restart without persistence, an outage longer than its 10 s client timeout):
 * it expects `SETTINGS_KEY_NOT_FOUND` / `UNKNOWN_CLIENT` but Redis 7 prefixes `ERR`
 * (SGrondin/bottleneck#205, #219). Every GitHub request of the process then fails until it restarts.
 */
export function isThrottleStateLost(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isThrottleStateLost);
  return error instanceof Error && /\bERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)\b/.test(error.message);
}
