/**
 * The optional direct webhook for self-hosted deployments: `ANVIL_NOTIFY_URL` receives a JSON
 * POST (Slack-compatible) at each milestone.
 *
 * - Never blocks the saga: `notifyInBackground` returns at once; delivery and its retries happen
 *   afterwards, tracked like any background work so a graceful shutdown waits for them.
 * - Retried on network errors, timeouts, 429 and 5xx with exponential backoff, a bounded number of
 *   times; any other answer (a 4xx: wrong URL, revoked hook) is final.
 * - The URL is a secret (a Slack webhook URL is a credential): it is never logged, not even in
 *   part. Log lines say "the notification webhook" and the status or the error's code only.
 */

export interface WebhookLog {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

export interface DeliveryOptions {
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  /** Delay before the first retry; doubled each time (default 1 s). */
  backoffMs?: number;
  /** Upper bound for one delay, also for a `Retry-After` the receiver asks for (default 30 s). */
  maxBackoffMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** What a milestone this is, for the log (`anvil-rollback`...). */
  label?: string;
}

export type DeliveryResult = { delivered: true; attempts: number } | { delivered: false; attempts: number; lastError: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What may be logged about a failed attempt: a status, or an error code; never a message (it can carry the URL). */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout";
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (cause && typeof cause.code === "string" && /^[A-Z_]{2,40}$/.test(cause.code)) return cause.code;
    return "network error";
  }
  return "network error";
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** POST `message` to `url`, retrying as described above. Never throws. */
export async function deliverWebhook(url: string, message: unknown, log: WebhookLog, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoff = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const label = options.label ?? "notification";
  const body = JSON.stringify(message);
  let lastError = "not attempted";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let wait = Math.min(backoff * 2 ** (attempt - 1), maxBackoff);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "anvil-notify" },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined); // free the connection
      if (response.ok) {
        log.info({ label, attempts: attempt }, "notification webhook delivered");
        return { delivered: true, attempts: attempt };
      }
      lastError = `HTTP ${response.status}`;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) {
        log.warn({ label, status: response.status }, "notification webhook refused the message; not retrying (check ANVIL_NOTIFY_URL)");
        return { delivered: false, attempts: attempt, lastError };
      }
      const asked = retryAfterMs(response.headers.get("retry-after"));
      if (asked !== undefined) wait = Math.min(asked, maxBackoff);
    } catch (error) {
      lastError = describeFailure(error);
    }
    if (attempt < attempts) {
      log.warn({ label, attempt, error: lastError, retryInMs: wait }, "notification webhook failed; retrying");
      await sleep(wait);
    }
  }
  log.warn({ label, attempts, error: lastError }, "notification webhook failed; giving up (the rollback itself is unaffected)");
  return { delivered: false, attempts, lastError };
}
