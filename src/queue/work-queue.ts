import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "probot";

/**
 * What a worker needs to rebuild a delivery's context anywhere: the webhook as GitHub sent it.
 * The installation id gives the worker its installation Octokit; the repository key says which
 * deliveries must not run at the same time.
 */
export interface WorkItem {
  /** `X-GitHub-Delivery`: the same on every redelivery, so it names the job. */
  deliveryId: string;
  /** The webhook event name (`push`, `issues`, ...), without the action. */
  eventName: string;
  payload: unknown;
  installationId: number | undefined;
  /** Work for one key runs one at a time (the repository id: it survives renames and transfers). */
  serializationKey: string;
}

/**
 * Where the handler shell puts a delivery's work once the webhook is known to concern Anvil.
 * `enqueue` resolves when the work is accepted (in Redis mode: durably stored) and rejects with an
 * error carrying `status: 503` when it cannot be accepted, which Probot turns into the webhook's
 * response so GitHub records a failed delivery.
 */
export interface WorkQueue {
  readonly mode: "in-process" | "redis";
  /**
   * `work` is the delivery's work as a closure, for the in-process queue; the Redis queue stores
   * `item` instead and a worker (on any replica) receives the webhook again to run it. `log`
   * carries the delivery's bindings.
   */
  enqueue(item: WorkItem, work: () => Promise<void>, log: Logger): Promise<void>;
  /** Jobs by state, for the metrics. */
  depth(): Promise<Record<string, number>>;
  /** Stop taking work and finish what is running, for up to `graceMs`; true when all finished. */
  close(graceMs: number): Promise<boolean>;
  /** Whether the queue can take work now (readiness). */
  ready(): Promise<boolean>;
}

/** An error Probot's webhook middleware answers with its `status` (503: GitHub records a failure). */
export class QueueUnavailableError extends Error {
  readonly status = 503;
  constructor(cause: unknown) {
    super("the work queue cannot take this delivery now (Redis unavailable); GitHub will show it as failed and the redelivery pass will request it again", { cause });
    this.name = "QueueUnavailableError";
  }
}

/**
 * Set while a worker runs a job: the handler shell then does the work right away instead of
 * enqueueing it again. Holds the job's delivery id and when the job was created.
 */
export const runningJob = new AsyncLocalStorage<{ deliveryId: string; enqueuedAt: number }>();

let current: WorkQueue | undefined;

/** Chosen once at start-up (src/index.ts): Redis when `REDIS_URL` is set, else in-process. */
export function useWorkQueue(queue: WorkQueue): void {
  current = queue;
}

export function workQueue(): WorkQueue {
  if (!current) throw new Error("no work queue configured: src/index.ts chooses one at start-up");
  return current;
}
