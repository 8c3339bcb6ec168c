import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { eventually, startApp, type RunningApp } from "../../harness/app-process.js";
import { hasRedisServer, startRedis, type RunningRedis } from "../../harness/redis-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

/**
 * Probot's cluster throttling (Bottleneck 2.19) keeps each limiter's state in Redis and cannot
 * rebuild it on Redis 7 once Redis lost it (bottleneck#219): every GitHub request of the process
 * then fails. Anvil's documented answer (docs/deployment.md): the replica stops with exit status
 * 75 so its supervisor starts it again; the job that met the failure is retried, and the new
 * process's limiters start afresh.
 */
if (!hasRedisServer) console.warn("redis-server is not installed: skipping the throttle-state end-to-end test (.ci/run installs it)");

let sim: Simulator;
let redis: RunningRedis;

beforeAll(async () => {
  if (!hasRedisServer) return;
  sim = await startSimulator({ repos: [] });
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await redis?.close();
  await sim?.close();
});

const checklists = (issues: Iterable<{ title: string }>) => [...issues].filter((issue) => issue.title === "Pre-release checklist");

describe.skipIf(!hasRedisServer)("Probot's cluster throttling loses its state in Redis (real servers, real redis-server)", () => {
  it("Redis flushed while the replica runs: the next job's GitHub request fails, the replica exits 75, and once restarted the job is done, once", async () => {
    const env = { REDIS_URL: redis.url, ANVIL_JOB_LOCK_SECONDS: "3", ANVIL_QUEUE_PREFIX: `flush-${randomUUID().slice(0, 6)}` };
    const first = await startApp({ simulator: sim, env });
    let restarted: RunningApp | undefined;
    try {
      // The installation's limiters exist in Redis once the first push's work went through them.
      const before = sim.addRepo({ owner: "acme", repo: "before-flush" });
      expect((await first.sendWebhook("push", payloads(sim, before).push({ after: "a".repeat(40) }))).status).toBe(200);
      await eventually(() => expect(checklists(before.issues.values())).toHaveLength(1), 60_000);
      const limiters = () => spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "b_octokit-*-42_settings"]).stdout.toString();
      expect(limiters()).toMatch(/b_octokit-global-42_settings/);

      // Redis loses everything (as a restart without persistence would).
      expect(spawnSync("redis-cli", ["-p", String(redis.port), "FLUSHALL"]).stdout.toString().trim()).toBe("OK");
      const after = sim.addRepo({ owner: "acme", repo: "after-flush" });
      expect((await first.sendWebhook("push", payloads(sim, after).push({ after: "b".repeat(40) }))).status).toBe(200);
      await eventually(() => expect(first.process.exitCode).toBe(75), 60_000);
      expect(first.logs.some((line) => line.includes("Probot's cluster throttling lost its state in Redis"))).toBe(true);
      expect(after.issues.size).toBe(0);

      // The supervisor starts it again: the job is retried and done, exactly once.
      restarted = await startApp({ simulator: sim, env });
      await eventually(() => expect(checklists(after.issues.values())).toHaveLength(1), 60_000);
      await eventually(() => expect(after.checkRuns).toHaveLength(1), 30_000);
      expect(limiters()).toMatch(/b_octokit-global-42_settings/);
      expect(checklists(before.issues.values())).toHaveLength(1);
      expect(sim.violations()).toEqual([]);
    } finally {
      await restarted?.stop();
      await first.stop();
    }
  }, 180_000);
});
