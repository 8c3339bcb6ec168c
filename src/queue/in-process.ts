import { drainBackgroundWork, inFlightCount, runInBackground } from "../runtime/background-work.js";
import { serializePerRepository } from "../runtime/serialize-per-key.js";
import type { WorkQueue } from "./work-queue.js";

/**
 * One process, no Redis (the default): work runs in this process after the webhook is answered,
 * one delivery at a time per repository; SIGTERM finishes it. A process that dies loses the work
 * it had accepted (the redelivery pass cannot see it: GitHub recorded a success).
 */
export function createInProcessQueue(): WorkQueue {
  return {
    mode: "in-process",
    enqueue: (item, work, log) => runInBackground(() => serializePerRepository(item.serializationKey, work), log),
    depth: async () => ({ active: inFlightCount() }),
    close: (graceMs) => drainBackgroundWork(graceMs),
    ready: async () => true,
  };
}
