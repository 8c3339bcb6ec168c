import { Redis } from "ioredis";
import type { Logger } from "probot";
import { listDeliveriesSince, requestRedelivery } from "../github/hook-deliveries.js";
import type { GitHub } from "../github/types.js";
import { failedDeliveries, RETENTION_MS, windowStart } from "./redelivery.js";
import { acquireLock } from "./redis-lock.js";

/** What the passes share: in this process, or in Redis across replicas. */
export interface RedeliveryState {
  /** Only one pass at a time (across replicas in Redis mode): undefined while another one runs. */
  begin(): Promise<{ end(): Promise<void> } | undefined>;
  previousPassStartedAt(): Promise<number | undefined>;
  setPassStartedAt(at: number): Promise<void>;
  /** Record that a redelivery of `guid` is being requested; false when one already was. */
  claim(guid: string): Promise<boolean>;
  /** The request failed: let a later pass try again. */
  unclaim(guid: string): Promise<void>;
  close(): Promise<void>;
}

export function inMemoryRedeliveryState(): RedeliveryState {
  let running = false;
  let passStartedAt: number | undefined;
  const claimed = new Map<string, number>();
  return {
    async begin() {
      if (running) return undefined;
      running = true;
      return { end: async () => void (running = false) };
    },
    previousPassStartedAt: async () => passStartedAt,
    setPassStartedAt: async (at) => void (passStartedAt = at),
    async claim(guid) {
      const now = Date.now();
      for (const [known, until] of claimed) if (until < now) claimed.delete(known);
      if (claimed.has(guid)) return false;
      claimed.set(guid, now + RETENTION_MS);
      return true;
    },
    unclaim: async (guid) => void claimed.delete(guid),
    close: async () => undefined,
  };
}

export function redisRedeliveryState(url: string, prefix: string): RedeliveryState {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined); // reported by the pass that fails
  const key = (name: string) => `${prefix}:redelivery:${name}`;
  return {
    async begin() {
      const lock = await acquireLock(redis, `${prefix}:lock:redelivery-pass`, 60_000);
      return lock && { end: () => lock.release() };
    },
    async previousPassStartedAt() {
      const value = await redis.get(key("pass-started-at"));
      return value === null ? undefined : Number(value);
    },
    setPassStartedAt: async (at) => void (await redis.set(key("pass-started-at"), String(at))),
    claim: async (guid) => (await redis.set(key(`requested:${guid}`), "1", "PX", RETENTION_MS, "NX")) === "OK",
    unclaim: async (guid) => void (await redis.del(key(`requested:${guid}`))),
    close: async () => redis.disconnect(),
  };
}

export interface RedeliveryPassOptions {
  appOctokit: () => Promise<GitHub>;
  state: RedeliveryState;
  log: Pick<Logger, "info" | "warn" | "debug">;
  /** How far back the first pass looks. */
  lookBackMs: number;
  /** Skip the pass when another one (any replica) started less than this long ago. */
  minGapMs?: number;
  onRequested?: (event: string) => void;
}

/**
 * GitHub never redelivers a failed delivery by itself. List the app's deliveries since the last
 * pass, and for each event (guid) with no successful attempt, ask for one redelivery, once.
 * Returns the guids requested, or undefined when another replica is running a pass.
 */
export async function runRedeliveryPass(options: RedeliveryPassOptions, now = Date.now()): Promise<string[] | undefined> {
  const { state, log } = options;
  const pass = await state.begin();
  if (!pass) return undefined;
  try {
    const previous = await state.previousPassStartedAt();
    if (previous !== undefined && options.minGapMs !== undefined && now - previous < options.minGapMs) return undefined;
    const since = windowStart(now, previous, options.lookBackMs);
    const octokit = await options.appOctokit();
    const requested: string[] = [];
    let refused = false;
    for (const failed of failedDeliveries(await listDeliveriesSince(octokit, new Date(since)))) {
      if (!(await state.claim(failed.guid))) continue;
      try {
        await requestRedelivery(octokit, failed.deliveryId);
        requested.push(failed.guid);
        options.onRequested?.(failed.event);
        log.info({ delivery: failed.guid, event: failed.event }, "requested a redelivery of a delivery that never succeeded");
      } catch (error) {
        await state.unclaim(failed.guid);
        refused = true;
        log.warn({ err: error, delivery: failed.guid }, "could not request a redelivery; the next pass tries again");
      }
    }
    // A refused request keeps the window where it was, so the next pass sees that delivery again.
    if (!refused) await state.setPassStartedAt(now);
    return requested;
  } finally {
    await pass.end();
  }
}

/** The first pass within `firstDelayMs` of start-up, then one every `intervalMs`. Returns a stop function. */
export function scheduleRedeliveryPasses(options: RedeliveryPassOptions & { intervalMs: number; firstDelayMs: number }): () => void {
  // Every replica keeps a timer; the shared state makes one pass per interval of them all enough.
  const run = () =>
    void runRedeliveryPass({ minGapMs: options.intervalMs / 2, ...options }, Date.now()).catch((error: unknown) => options.log.warn({ err: error }, "the redelivery pass failed; the next one tries again"));
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    run();
    interval = setInterval(run, options.intervalMs);
    interval.unref();
  }, options.firstDelayMs);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}
