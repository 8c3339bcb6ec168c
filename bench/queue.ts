// `npx tsx bench/queue.ts [--deliveries 200] [--concurrency 8]` (after `npm run build`): what the
// durable queue costs per delivery against in-process work, and what a second replica adds.
// Every delivery is a relevant push to its own repository whose configuration says
// `enabled: false`: the work is the configuration read, with no GitHub writes, so Probot's
// per-installation write spacing (the simulator has one installation) does not mask the queue.
import { parseArgs } from "node:util";
import { startApp, WEBHOOK_SECRET, type RunningApp } from "../harness/app-process.js";
import { hasRedisServer, startRedis } from "../harness/redis-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { replay, type Delivery } from "./deliveries.js";
import { ratio, summarise } from "./stats.js";

const { values: options } = parseArgs({ options: { deliveries: { type: "string", default: "200" }, concurrency: { type: "string", default: "8" } } });
const count = Number(options.deliveries);
const concurrency = Number(options.concurrency);

async function doneCount(apps: RunningApp[]): Promise<number> {
  let total = 0;
  for (const app of apps) {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const match of text.matchAll(/^anvil_deliveries_total\{event="push",outcome="done"\} (\d+)$/gm)) total += Number(match[1]);
  }
  return total;
}

async function measure(sim: Simulator, label: string, apps: RunningApp[]) {
  const deliveries: Delivery[] = Array.from({ length: count }, (_, i) => {
    const repo = sim.addRepo({ owner: "bench", repo: `${label}-${i}`, files: { ".github/anvil.yml": "enabled: false\n" } });
    return { event: "push", payload: payloads(sim, repo).push({ after: i.toString(16).padStart(40, "a") }), repository: `bench/${repo.repo}` };
  });
  const before = await doneCount(apps);
  const started = performance.now();
  // Alternate deliveries between the replicas, as a load balancer would.
  const halves = apps.map((_, index) => deliveries.filter((__, i) => i % apps.length === index));
  const results = (await Promise.all(apps.map((app, index) => replay(`${app.url}/api/github/webhooks`, WEBHOOK_SECRET, halves[index]!, Math.ceil(concurrency / apps.length))))).flatMap((run) => run.results);
  while ((await doneCount(apps)) - before < count) await new Promise((resolve) => setTimeout(resolve, 20));
  const wallS = (performance.now() - started) / 1000;
  const ack = summarise(results.map((result) => result.ackMs));
  const failed = results.filter((result) => result.status !== 200).length;
  console.log(`${label.padEnd(22)} ack p50 ${ack.p50} ms, p95 ${ack.p95} ms; ${Math.round((count / wallS) * 10) / 10} deliveries done/s${failed ? `; ${failed} not 200` : ""}`);
  return { ack, perSecond: count / wallS };
}

if (!hasRedisServer) throw new Error("redis-server is not installed (apt-get install redis-server)");
const sim = await startSimulator({ repos: [] });
const redis = await startRedis();
const quiet = { LOG_LEVEL: "warn" };
try {
  const single = await startApp({ simulator: sim, env: quiet });
  await measure(sim, "warm-up", [single]);
  const inProcess = await measure(sim, "in-process, 1 process", [single]);
  await single.stop();

  const env = { ...quiet, REDIS_URL: redis.url };
  const durable = await startApp({ simulator: sim, env });
  await measure(sim, "warm-up redis", [durable]);
  const oneReplica = await measure(sim, "Redis, 1 replica", [durable]);
  const second = await startApp({ simulator: sim, env });
  const twoReplicas = await measure(sim, "Redis, 2 replicas", [durable, second]);
  await Promise.all([durable.stop(), second.stop()]);

  console.log(`durable enqueue: ack p50 +${Math.round((oneReplica.ack.p50 - inProcess.ack.p50) * 10) / 10} ms per delivery (×${ratio(oneReplica.ack.p50, inProcess.ack.p50)}), p95 +${Math.round((oneReplica.ack.p95 - inProcess.ack.p95) * 10) / 10} ms`);
  console.log(`completed work per second: Redis 1 replica / in-process ×${ratio(oneReplica.perSecond, inProcess.perSecond)}; 2 replicas / 1 replica ×${ratio(twoReplicas.perSecond, oneReplica.perSecond)} (one machine, one installation)`);
} finally {
  await redis.close();
  await sim.close();
}
