import { DelayedError, Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { acquireLock } from "./redis-lock.js";
import { isThrottleStateLost, isTransientFailure } from "./transient.js";
import { QueueUnavailableError, runningJob, type WorkItem, type WorkQueue } from "./work-queue.js";

export const QUEUE_NAME = "deliveries";

export interface RedisQueueOptions {
  url: string;
  /** Key prefix, so several Anvil deployments (or tests) can share one Redis. */
  prefix: string;
  log: Logger;
  /** Runs a delivery's handlers again from its webhook (the app's `receive`). */
  receive: (item: WorkItem) => Promise<void>;
  /** Jobs one replica works on at once (each holds its repository's lock). */
  concurrency?: number;
  /** How long a job's and a repository's lock live without renewal: a dead replica's job is taken over after about this long. */
  lockMs?: number;
  /** Runs of a job whose failures are transient, before it is kept as failed. */
  attempts?: number;
  /** How long `enqueue` waits for Redis before answering 503 (GitHub waits 10 s for the whole delivery). */
  enqueueTimeoutMs?: number;
  /** Probot's throttling lost its Redis state (see `isThrottleStateLost`): only a restart helps. */
  onThrottleStateLost?: () => void;
}

/** Keep failed jobs for inspection (bounded), finished ones long enough to recognise a redelivery. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 14 * 24 * 3600, count: 10_000 };

/**
 * Several replicas, one Redis (`REDIS_URL`): the webhook is answered only once its job is stored
 * (503 otherwise); any replica's worker runs it, holding the repository's lock; transient failures
 * retry with exponential backoff; a job whose process died is taken over (BullMQ's stalled-job
 * check) after `lockMs`.
 */
export function createRedisQueue(options: RedisQueueOptions): WorkQueue {
  const { url, prefix, log, receive, concurrency = 256, lockMs = 30_000, attempts = 8, enqueueTimeoutMs = 3_000 } = options;
  // The producer fails fast when Redis is away (the webhook gets its 503); the worker waits for it.
  const producer = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  const commands = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const workerConnection = new Redis(url, { maxRetriesPerRequest: null });
  for (const [name, client] of Object.entries({ producer, commands, workerConnection })) {
    client.on("error", (error: Error) => log.debug({ err: error, connection: name }, "Redis connection error"));
  }
  const queue = new Queue<WorkItem>(QUEUE_NAME, { connection: producer, prefix });

  const worker = new Worker<WorkItem>(
    QUEUE_NAME,
    async (job: Job<WorkItem>, token?: string) => {
      const lock = await acquireLock(commands, `${prefix}:lock:repository:${job.data.serializationKey}`, lockMs, () =>
        log.warn({ delivery: job.data.deliveryId }, "lost the repository lock while working (Redis unreachable longer than the lock lives?)"),
      );
      if (!lock) {
        // Another job for this repository is running (here or on another replica): come back soon.
        await job.moveToDelayed(Date.now() + 250 + Math.floor(Math.random() * 500), token);
        throw new DelayedError();
      }
      try {
        await runningJob.run({ deliveryId: job.data.deliveryId, enqueuedAt: job.timestamp }, () => receive(job.data));
      } catch (error) {
        if (isThrottleStateLost(error)) {
          log.error({ err: error, delivery: job.data.deliveryId }, "Probot's cluster throttling lost its state in Redis (Redis restarted without persistence, or was away longer than 10 s); restarting this process, the job is retried");
          options.onThrottleStateLost?.();
          throw error;
        }
        if (isTransientFailure(error)) throw error;
        log.error({ err: error, delivery: job.data.deliveryId, event: job.data.eventName }, "delivery failed and will not be retried (not a transient failure)");
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      } finally {
        await lock.release().catch(() => undefined);
      }
    },
    { connection: workerConnection, prefix, concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 2 },
  );
  const warnAtMostEveryMinute = throttledWarning(log);
  queue.on("error", (error) => warnAtMostEveryMinute(error, "work queue: Redis error (webhooks are answered 503 meanwhile)"));
  worker.on("error", (error) => warnAtMostEveryMinute(error, "work queue worker: Redis error"));
  worker.on("failed", (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const details = { err: error, delivery: job.data.deliveryId, event: job.data.eventName, attempts: job.attemptsMade };
    if (final) log.error(details, `delivery failed for good; its job is kept as failed in Redis (queue "${QUEUE_NAME}", job id = delivery id): fix the cause, then redeliver it from the app's Advanced settings`);
    else log.warn(details, "delivery failed with a transient error; retrying with backoff");
  });

  return {
    mode: "redis",
    async enqueue(item, _work, requestLog) {
      try {
        await withTimeout(
          (async () => {
            await queue.add(item.eventName, item, {
              jobId: item.deliveryId,
              attempts,
              backoff: { type: "exponential", delay: 2_000 },
              removeOnComplete: KEEP_COMPLETED,
              removeOnFail: KEEP_FAILED,
            });
            // A delivery redelivered by hand after its job failed for good: run it again.
            if ((await queue.getJobState(item.deliveryId)) === "failed") {
              const failed = await Job.fromId(queue, item.deliveryId);
              await failed?.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
            }
          })(),
          enqueueTimeoutMs,
        );
      } catch (error) {
        requestLog.error({ err: error }, "could not enqueue the delivery: answering 503 so GitHub records it as failed");
        throw new QueueUnavailableError(error);
      }
    },
    async depth() {
      return queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    },
    async close(graceMs) {
      const closed = await withTimeout(worker.close().then(() => true), graceMs).catch(() => false);
      await Promise.allSettled([queue.close()]);
      for (const client of [producer, commands, workerConnection]) client.disconnect();
      return closed;
    },
    async ready() {
      const connected = commands.status === "ready" ? Promise.resolve() : new Promise<void>((resolve) => commands.once("ready", () => resolve()));
      return withTimeout(connected.then(() => commands.ping()), 1_000).then(
        (answer) => answer === "PONG",
        () => false,
      );
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** While Redis is down every connection reports every retry: one warning a minute is enough. */
function throttledWarning(log: Logger): (error: Error, message: string) => void {
  let last = 0;
  return (error, message) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    log.warn({ err: error }, message);
  };
}
