import { afterEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "probot";
import { Redis } from "ioredis";
import { freePort } from "../../harness/app-process.js";
import { createRedisQueue } from "../../src/queue/redis.js";
import { runningJob, type WorkItem, type WorkQueue } from "../../src/queue/work-queue.js";
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from "./test-redis.js";

function fakeLog() {
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), child: () => log };
  return log;
}

const item = (deliveryId: string, serializationKey = "1"): WorkItem => ({ deliveryId, eventName: "push", payload: { n: deliveryId }, installationId: 2, serializationKey });
const noWork = async () => {
  throw new Error("the Redis queue must not run the in-process closure");
};

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const queues: WorkQueue[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close(5_000)));
  await Promise.all(prefixes.splice(0).map(deleteKeys));
});

function replica(prefix: string, receive: (item: WorkItem) => Promise<void>, log = fakeLog(), extra: { attempts?: number } = {}): WorkQueue {
  const queue = createRedisQueue({ url: TEST_REDIS_URL!, prefix, log: log as unknown as Logger, receive, lockMs: 5_000, ...extra });
  queues.push(queue);
  return queue;
}

describe.skipIf(!TEST_REDIS_URL)("Redis work queue (BullMQ, real Redis)", () => {
  it("a delivery enqueued several times (redeliveries, replicas) runs once, inside the job scope", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const runs: Array<{ delivery: string; inJob: string | undefined }> = [];
    const receive = async (work: WorkItem) => {
      runs.push({ delivery: work.deliveryId, inJob: runningJob.getStore()?.deliveryId });
    };
    const [a, b] = [replica(prefix, receive), replica(prefix, receive)];
    const log = fakeLog() as unknown as Logger;
    await Promise.all([a.enqueue(item("d-1"), noWork, log), b.enqueue(item("d-1"), noWork, log), a.enqueue(item("d-1"), noWork, log)]);
    await until(() => runs.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toEqual([{ delivery: "d-1", inJob: "d-1" }]);
  });

  it("jobs for one repository never overlap, across two replicas; other repositories run alongside", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const running = new Map<string, number>();
    let overlap = false;
    let parallelRepositories = false;
    const done: string[] = [];
    const receive = async (work: WorkItem) => {
      const now = (running.get(work.serializationKey) ?? 0) + 1;
      running.set(work.serializationKey, now);
      if (now > 1) overlap = true;
      if ([...running.values()].filter((count) => count > 0).length > 1) parallelRepositories = true;
      await new Promise((resolve) => setTimeout(resolve, 30));
      running.set(work.serializationKey, now - 1);
      done.push(work.deliveryId);
    };
    const [a, b] = [replica(prefix, receive), replica(prefix, receive)];
    const log = fakeLog() as unknown as Logger;
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).enqueue(item(`same-repo-${i}`, "repo-1"), noWork, log)));
    await Promise.all(Array.from({ length: 4 }, (_, i) => a.enqueue(item(`other-repo-${i}`, `repo-${i + 2}`), noWork, log)));
    await until(() => done.length === 14, 30_000);
    expect(overlap).toBe(false);
    expect(parallelRepositories).toBe(true);
    expect(new Set(done).size).toBe(14);
  }, 40_000);

  it("a transient GitHub failure (502) is retried with backoff until it succeeds", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    let calls = 0;
    const receive = async () => {
      calls += 1;
      if (calls === 1) throw new AggregateError([Object.assign(new Error("Bad Gateway"), { status: 502 })]);
    };
    const log = fakeLog();
    const queue = replica(prefix, receive, log);
    await queue.enqueue(item("d-transient"), noWork, log as unknown as Logger);
    await until(() => calls === 2);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ delivery: "d-transient", attempts: 1 }), expect.stringContaining("retrying"));
    expect(log.error).not.toHaveBeenCalled();
  }, 20_000);

  it("a failure that is not transient (404, a bug) is not retried: the job is kept as failed and logged with its delivery id; a redelivery runs it again", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    let calls = 0;
    const receive = async () => {
      calls += 1;
      if (calls === 1) throw new AggregateError([Object.assign(new Error("Not Found"), { status: 404 })]);
    };
    const log = fakeLog();
    const queue = replica(prefix, receive, log);
    await queue.enqueue(item("d-broken"), noWork, log as unknown as Logger);
    await until(() => log.error.mock.calls.some(([, message]) => String(message).includes("kept as failed")));
    expect(calls).toBe(1);
    expect(await queue.depth()).toMatchObject({ failed: 1 });
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ delivery: "d-broken" }), expect.stringContaining("redeliver"));

    await queue.enqueue(item("d-broken"), noWork, log as unknown as Logger);
    await until(() => calls === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await queue.depth()).toMatchObject({ failed: 0 });
  }, 20_000);

  it("when Redis cannot take the delivery, enqueue fails with status 503 (Probot answers the webhook with it)", async () => {
    const closedPort = await freePort();
    const log = fakeLog();
    const queue = createRedisQueue({ url: `redis://127.0.0.1:${closedPort}`, prefix: uniquePrefix(), log: log as unknown as Logger, receive: async () => {}, enqueueTimeoutMs: 500 });
    queues.push(queue);
    await expect(queue.enqueue(item("d-no-redis"), noWork, log as unknown as Logger)).rejects.toMatchObject({ status: 503 });
    expect(await queue.ready()).toBe(false);
  });

  it("readiness reports a reachable Redis", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    expect(await replica(prefix, async () => {}).ready()).toBe(true);
    const redis = new Redis(TEST_REDIS_URL!);
    expect(await redis.ping()).toBe("PONG");
    redis.disconnect();
  });
});
