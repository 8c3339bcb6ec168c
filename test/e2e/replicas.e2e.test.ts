import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { eventually, startApp, type RunningApp } from "../../harness/app-process.js";
import { hasRedisServer, startRedis, type RunningRedis } from "../../harness/redis-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

if (!hasRedisServer) console.warn("redis-server is not installed: skipping the replica end-to-end tests (.ci/run installs it)");

let sim: Simulator;
let redis: RunningRedis;
let replicas: RunningApp[] = [];

/** Two app processes sharing one Redis, as two replicas behind a load balancer would. */
const redisEnv = () => ({ REDIS_URL: redis.url, ANVIL_JOB_LOCK_SECONDS: "3", ANVIL_REDELIVERY_INTERVAL_MINUTES: "0" });

beforeAll(async () => {
  if (!hasRedisServer) return;
  sim = await startSimulator({ repos: [] });
  redis = await startRedis();
  replicas = await Promise.all([startApp({ simulator: sim, env: redisEnv() }), startApp({ simulator: sim, env: redisEnv() })]);
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await redis?.close();
  await sim?.close();
});

/** Poll an async check until it passes. */
async function until(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const sha = (n: number) => n.toString(16).padStart(40, "b");
const checklists = (issues: Iterable<{ title: string }>) => [...issues].filter((issue) => issue.title === "Pre-release checklist");

describe.skipIf(!hasRedisServer)("two replicas on one Redis (real servers, simulated GitHub)", () => {
  it("10 concurrent pushes and 5 redeliveries of one push, alternating between replicas, leave exactly one checklist", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "replicated" });
    const events = payloads(sim, repo);
    const push = events.push({ after: sha(1) });
    const delivery = randomUUID();
    const redeliveries = Array.from({ length: 5 }, (_, i) => replicas[i % 2]!.sendWebhook("push", push, { deliveryId: delivery }));
    const concurrent = Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.sendWebhook("push", events.push({ after: sha(100 + i) })));
    const statuses = await Promise.all([...redeliveries, ...concurrent].map(async (response) => (await response).status));
    expect(statuses).toEqual(Array(15).fill(200));
    await eventually(() => expect(repo.checkRuns.length).toBe(11), 90_000);
    expect(checklists(repo.issues.values())).toHaveLength(1);
    // Probot's own throttling is clustered through the same Redis (Bottleneck keeps its state there).
    expect(spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "b_*"]).stdout.toString()).toMatch(/^b_/m);
    expect(sim.violations()).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasRedisServer)("Redis down, metrics and readiness (real servers)", () => {
  it("Redis stopped: /ready says 503 and a webhook is answered 503; once Redis is back the redelivered delivery is done, once", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "outage" });
    const push = payloads(sim, repo).push({ after: sha(7) });
    const delivery = randomUUID();
    const [first] = replicas;
    expect((await fetch(`${first!.url}/ready`)).status).toBe(200);

    await redis.stop();
    expect((await fetch(`${first!.url}/ready`)).status).toBe(503);
    expect((await first!.sendWebhook("push", push, { deliveryId: delivery })).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(repo.issues.size).toBe(0);

    await redis.restart();
    await until(async () => expect((await fetch(`${first!.url}/ready`)).status).toBe(200), 15_000);
    // GitHub's redelivery (asked for by the redelivery pass, or by hand) carries the same delivery id.
    await until(async () => expect((await replicas[1]!.sendWebhook("push", push, { deliveryId: delivery })).status).toBe(200), 15_000);
    await eventually(() => expect(checklists(repo.issues.values())).toHaveLength(1), 60_000);
    expect(repo.checkRuns).toHaveLength(1);

    const metrics = await (await fetch(`${first!.url}/metrics`)).text();
    expect(metrics).toMatch(/^anvil_deliveries_total\{event="push",outcome="refused"\} 1$/m);
    expect(metrics).toMatch(/^anvil_queue_jobs\{state="waiting"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_github_requests_total\{method="POST",status="201"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_github_rate_limit_remaining\{installation="\d+"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_job_latency_seconds_count\{event="push",outcome="done"\} \d+$/m);
    expect(sim.violations()).toEqual([]);
  }, 120_000);
});
