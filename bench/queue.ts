// The queue scenario of `npm run bench` (alone: `npm run build && npx tsx bench/queue.ts [--quick]
// [--deliveries 200] [--concurrency 8]`): what the durable queue costs per delivery against
// in-process work, and what a second replica adds. Every delivery is a relevant push to its own
// repository whose configuration says `enabled: false`: the work is the configuration read, with
// no GitHub writes, so Probot's per-installation write spacing does not mask the queue.
import { parseArgs } from "node:util";
import { startApp, WEBHOOK_SECRET, type RunningApp } from "../harness/app-process.js";
import { hasRedisServer, startRedis } from "../harness/redis-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { replay, type Delivery } from "./deliveries.js";
import { ratio, summarise, type LatencySummary } from "./stats.js";

export interface QueueRun {
  label: string;
  deliveries: number;
  ackMs: LatencySummary;
  /** Deliveries whose work was done, per second (from the first sent to the last done). */
  donePerSecond: number;
  notOk: number;
}

export interface QueueResult {
  deliveries: number;
  concurrency: number;
  inProcess: QueueRun;
  redisOneReplica: QueueRun;
  redisTwoReplicas: QueueRun;
  /** Extra acknowledgement time of the durable enqueue, ms (Redis, 1 replica − in-process). */
  extraAckMs: { p50: number; p95: number };
  ratios: { oneReplicaOverInProcess: number; twoReplicasOverOneReplica: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Deliveries of `event` whose work is done, summed over the apps' `/metrics`. */
export async function doneCount(apps: RunningApp[], event = "push"): Promise<number> {
  let total = 0;
  for (const app of apps) {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const match of text.matchAll(new RegExp(`^anvil_deliveries_total\\{event="${event}",outcome="done"\\} (\\d+)$`, "gm"))) total += Number(match[1]);
  }
  return total;
}

/** Send `deliveries` alternately to the apps (as a load balancer would) and wait until all are done. */
export async function sendAndAwaitDone(apps: RunningApp[], deliveries: Delivery[], concurrency: number, label: string): Promise<QueueRun> {
  const before = await doneCount(apps);
  const started = performance.now();
  const shares = apps.map((_, index) => deliveries.filter((__, i) => i % apps.length === index));
  const results = (await Promise.all(apps.map((app, index) => replay(`${app.url}/api/github/webhooks`, WEBHOOK_SECRET, shares[index]!, Math.ceil(concurrency / apps.length))))).flatMap((run) => run.results);
  const notOk = results.filter((result) => result.status !== 200).length;
  if (notOk > 0) throw new Error(`${label}: ${notOk} deliveries were not answered 200`);
  // Polled about 30 times a second: the figure is rounded to that much.
  while ((await doneCount(apps)) - before < deliveries.length) await new Promise((resolve) => setTimeout(resolve, 30));
  const wallS = (performance.now() - started) / 1000;
  return { label, deliveries: deliveries.length, ackMs: summarise(results.map((result) => result.ackMs)), donePerSecond: round1(deliveries.length / wallS), notOk };
}

function disabledPushes(sim: Simulator, label: string, count: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => {
    const repo = sim.addRepo({ owner: "bench", repo: `${label}-${i}`, files: { ".github/anvil.yml": "enabled: false\n" } });
    return { event: "push", payload: payloads(sim, repo).push({ after: i.toString(16).padStart(40, "a") }), repository: `bench/${repo.repo}` };
  });
}

const log = (text: string) => process.stderr.write(`${text}\n`);

export function describeRun(run: QueueRun): string {
  return `${run.label.padEnd(24)} ack p50 ${run.ackMs.p50} ms, p95 ${run.ackMs.p95} ms; ${run.donePerSecond} deliveries done/s`;
}

/** In-process, Redis with one replica, Redis with two replicas; undefined when redis-server is missing. */
export async function measureQueue(options: { deliveries: number; concurrency: number }): Promise<QueueResult | undefined> {
  if (!hasRedisServer) {
    log("  queue: skipped, redis-server is not installed (apt-get install redis-server)");
    return undefined;
  }
  const { deliveries: count, concurrency } = options;
  const sim = await startSimulator({ repos: [] });
  const redis = await startRedis();
  const quiet = { LOG_LEVEL: "warn" };
  const measure = (apps: RunningApp[], label: string) => sendAndAwaitDone(apps, disabledPushes(sim, label.replace(/\W+/g, "-"), count), concurrency, label);
  try {
    log("  queue · in-process, 1 process");
    const single = await startApp({ simulator: sim, env: quiet });
    await measure([single], "warm-up");
    const inProcess = await measure([single], "in-process, 1 process");
    await single.stop();

    log("  queue · Redis, 1 and 2 replicas");
    const env = { ...quiet, REDIS_URL: redis.url };
    const durable = await startApp({ simulator: sim, env });
    await measure([durable], "warm-up redis");
    const redisOneReplica = await measure([durable], "Redis, 1 replica");
    const second = await startApp({ simulator: sim, env });
    const redisTwoReplicas = await measure([durable, second], "Redis, 2 replicas");
    await Promise.all([durable.stop(), second.stop()]);
    return {
      deliveries: count,
      concurrency,
      inProcess,
      redisOneReplica,
      redisTwoReplicas,
      extraAckMs: { p50: round1(redisOneReplica.ackMs.p50 - inProcess.ackMs.p50), p95: round1(redisOneReplica.ackMs.p95 - inProcess.ackMs.p95) },
      ratios: { oneReplicaOverInProcess: ratio(redisOneReplica.donePerSecond, inProcess.donePerSecond), twoReplicasOverOneReplica: ratio(redisTwoReplicas.donePerSecond, redisOneReplica.donePerSecond) },
    };
  } finally {
    await redis.close();
    await sim.close();
  }
}

export function printQueue(result: QueueResult): void {
  console.log(`\n== durable queue (${result.deliveries} pushes each, Anvil disabled by config: no writes; concurrency ${result.concurrency}) ==`);
  for (const run of [result.inProcess, result.redisOneReplica, result.redisTwoReplicas]) console.log(describeRun(run));
  console.log(`durable enqueue: ack p50 +${result.extraAckMs.p50} ms per delivery, p95 +${result.extraAckMs.p95} ms`);
  console.log(`completed work per second: Redis 1 replica / in-process ×${result.ratios.oneReplicaOverInProcess}; 2 replicas / 1 replica ×${result.ratios.twoReplicasOverOneReplica}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, deliveries: { type: "string" }, concurrency: { type: "string", default: "8" } } });
  const result = await measureQueue({ deliveries: Number(values.deliveries ?? (values.quick ? 40 : 200)), concurrency: Number(values.concurrency) });
  if (result) printQueue(result);
  process.exit(0);
}
