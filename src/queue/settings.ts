/** How the work queue is set up, from the environment (pure: tested without Redis). */
export interface QueueSettings {
  /** Unset: in-process queue. */
  redisUrl: string | undefined;
  prefix: string;
  concurrency: number;
  lockMs: number;
}

export function queueSettings(env: Record<string, string | undefined>): QueueSettings {
  return {
    redisUrl: env.REDIS_URL || undefined,
    prefix: env.ANVIL_QUEUE_PREFIX || "anvil",
    // Jobs mostly wait for their installation's write slot (Probot's throttle), so a replica serves at most
    // this many installations at once (16 capped it: docs/performance.md); as many as in-process mode's ANVIL_MAX_IN_FLIGHT.
    concurrency: positive(env.ANVIL_QUEUE_CONCURRENCY, 256),
    lockMs: Math.round(positive(env.ANVIL_JOB_LOCK_SECONDS, 30) * 1000),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

export interface RedeliverySettings {
  /** 0: no redelivery passes. */
  intervalMs: number;
  /** The first pass, within a minute of start-up. */
  firstDelayMs: number;
  /** How far back the first pass looks. */
  lookBackMs: number;
}

export function redeliverySettings(env: Record<string, string | undefined>): RedeliverySettings {
  const minutes = Number(env.ANVIL_REDELIVERY_INTERVAL_MINUTES || "10");
  const intervalMs = Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes * 60_000) : 0;
  return {
    intervalMs,
    firstDelayMs: Math.min(30_000, intervalMs),
    lookBackMs: Math.round(positive(env.ANVIL_REDELIVERY_LOOKBACK_MINUTES, 60) * 60_000),
  };
}
