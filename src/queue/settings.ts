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
    concurrency: positive(env.ANVIL_QUEUE_CONCURRENCY, 16),
    lockMs: Math.round(positive(env.ANVIL_JOB_LOCK_SECONDS, 30) * 1000),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}
