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
    // The work was shared: both replicas ran jobs.
    for (const replica of replicas) expect(replica.logs.some((line) => line.includes('"repository":"acme/replicated"'))).toBe(true);
    // Probot's own throttling is clustered through the same Redis (Bottleneck keeps its state there).
    expect(spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "b_*"]).stdout.toString()).toMatch(/^b_/m);
    expect(sim.violations()).toEqual([]);
  }, 120_000);
});
