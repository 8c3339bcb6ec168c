// The multi-installation scenario of `npm run bench` (alone: `npm run build && npx tsx
// bench/installations.ts [--quick] [--installations 8] [--pushes 4] [--concurrency 8] [--queue-concurrency 256] [--out f.json]`).
// N installations (one per organization) each receive pushes that each create work (a fresh
// repository: Anvil opens its checklist, label and check run: 3 throttled writes, one of which
// notifies). Probot throttles GitHub writes per installation (1 s between writes, 3 s between
// notifying ones), so with many installations the throttle no longer serialises everything and
// the app's own capacity shows. Run against (a) one process in-process, (b) one process with
// Redis, (c) two replicas sharing that Redis. See docs/performance.md.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startApp, WEBHOOK_SECRET, type RunningApp } from "../harness/app-process.js";
import { hasRedisServer, startRedis } from "../harness/redis-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { startSimulator, type RecordedRequest, type Simulator } from "../simulator/index.js";
import { replay, type Delivery, type DeliveryResult } from "./deliveries.js";
import { doneCount } from "./queue.js";
import { HEAD_SHA, seedFor } from "./scenarios.js";
import { ratio, summarise, type LatencySummary } from "./stats.js";
import { mandatedFinish } from "./throttle-model.js";

export interface InstallationsRun {
  mode: "in-process" | "redis-1" | "redis-2";
  label: string;
  pushes: number;
  ackMs: LatencySummary;
  /** From the first push sent to the last one's work done. */
  wallS: number;
  /** Pushes whose work (checklist, label, check run) is done, per second. */
  donePerSecond: number;
  /** What Probot's per-installation spacing alone would allow: the latest installation's mandated finish, from the first push sent. */
  mandatedS: number;
  /** Requests GitHub answered during the run. */
  requests: number;
}

export interface InstallationsResult {
  installations: number;
  pushesPerInstallation: number;
  concurrency: number;
  /** ANVIL_QUEUE_CONCURRENCY of the Redis modes (undefined: the default, 64). */
  queueConcurrency?: number;
  runs: InstallationsRun[];
  ratios: { twoReplicasOverInProcess: number; twoReplicasOverOneRedis: number; oneRedisOverInProcess: number };
  /** Extra acknowledgement time per delivery of the durable enqueue against in-process mode, ms. */
  extraAckMs: { oneReplica: { p50: number; p95: number }; twoReplicas: { p50: number; p95: number } };
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const ownerOf = (request: RecordedRequest) => /^\/repos\/([^/]+)\//.exec(request.path)?.[1];

/** `count` installations (accounts `<prefix>-<i>`), each with `pushes` fresh repositories and one with Anvil disabled (for warming up). */
function seedInstallations(sim: Simulator, prefix: string, count: number, pushes: number) {
  return Array.from({ length: count }, (_, index) => {
    const account = `${prefix}-${index}`;
    sim.addInstallation({ account });
    const [, org] = seedFor(account);
    sim.addRepo(org!);
    const repos = Array.from({ length: pushes }, (__, k) => sim.addRepo(seedFor(account, { repo: `widgets-${k}` })[0]!));
    const idle = sim.addRepo({ owner: account, repo: "idle", files: { ".github/anvil.yml": "enabled: false\n" } });
    return { account, repos, idle };
  });
}

/** A push to the default branch of a fresh repository: Anvil opens its checklist. */
const creatingPush = (sim: Simulator, repo: ReturnType<Simulator["repo"]>): Delivery => ({ event: "push", payload: payloads(sim, repo).push({ after: HEAD_SHA, message: "feat: first" }), repository: `${repo.owner}/${repo.repo}` });

async function measureMode(sim: Simulator, apps: RunningApp[], mode: InstallationsRun["mode"], label: string, count: number, pushes: number, concurrency: number): Promise<InstallationsRun> {
  const installations = seedInstallations(sim, `${mode}`, count, pushes);
  const send = async (deliveries: Delivery[]): Promise<DeliveryResult[]> => {
    // Alternate between the replicas as a load balancer would.
    const shares = apps.map((_, index) => deliveries.filter((__, i) => i % apps.length === index));
    const runs = await Promise.all(apps.map((app, index) => replay(`${app.url}/api/github/webhooks`, WEBHOOK_SECRET, shares[index]!, Math.ceil(concurrency / apps.length))));
    const results = runs.flatMap((run) => run.results);
    const refused = results.filter((result) => result.status !== 200);
    if (refused.length > 0) throw new Error(`${label}: ${refused.length} pushes were answered ${refused[0]!.status}`);
    return results;
  };
  const awaitDone = async (before: number, expected: number) => {
    while ((await doneCount(apps)) - before < expected) await new Promise((resolve) => setTimeout(resolve, 30));
  };

  // Warm-up: each replica imports its handlers and mints each installation's token, with no write.
  const warmUps = installations.flatMap(({ idle }) => Array.from({ length: 2 * apps.length }, () => creatingPush(sim, idle)));
  let before = await doneCount(apps);
  await send(warmUps);
  await awaitDone(before, warmUps.length);

  // Interleaved: every installation has work from the start, as on a busy hosted app.
  const deliveries = Array.from({ length: pushes }, (_, k) => installations.map(({ repos }) => creatingPush(sim, repos[k]!))).flat();
  sim.clearRequests();
  before = await doneCount(apps);
  const started = performance.now();
  const firstSent = performance.timeOrigin + started;
  const results = await send(deliveries);
  await awaitDone(before, deliveries.length);
  const wallS = (performance.now() - started) / 1000;

  // Every push made exactly one checklist and one check run, and nothing GitHub would refuse.
  for (const { repos } of installations) {
    for (const repo of repos) {
      const made = [...repo.issues.values()].filter((issue) => issue.viaApp);
      if (made.length !== 1 || repo.checkRuns.length !== 1) throw new Error(`${label}: ${repo.owner}/${repo.repo} has ${made.length} checklists and ${repo.checkRuns.length} check runs`);
    }
  }
  const violations = sim.violations();
  if (violations.length > 0) throw new Error(`${label}: requests GitHub would refuse:\n${violations.join("\n")}`);

  const requests = sim.requests();
  const mandatedEnd = Math.max(...installations.map(({ account }) => mandatedFinish(requests.filter((request) => ownerOf(request) === account), firstSent)));
  return { mode, label, pushes: deliveries.length, ackMs: summarise(results.map((result) => result.ackMs)), wallS: round2(wallS), donePerSecond: round2(deliveries.length / wallS), mandatedS: round2((mandatedEnd - firstSent) / 1000), requests: requests.length };
}

/** (a) in-process, (b) Redis with one replica, (c) two replicas on that Redis; undefined without redis-server. */
export async function measureInstallations(options: { installations: number; pushesPerInstallation: number; concurrency: number; queueConcurrency?: number }): Promise<InstallationsResult | undefined> {
  if (!hasRedisServer) {
    log("  installations: skipped, redis-server is not installed (apt-get install redis-server)");
    return undefined;
  }
  const { installations: count, pushesPerInstallation: pushes, concurrency } = options;
  const sim = await startSimulator({ repos: [] });
  const redis = await startRedis();
  const quiet = { LOG_LEVEL: "warn" };
  const runs: InstallationsRun[] = [];
  try {
    log(`  installations · ${count} installations × ${pushes} pushes · (a) in-process, 1 process`);
    const single = await startApp({ simulator: sim, env: quiet });
    try {
      runs.push(await measureMode(sim, [single], "in-process", "(a) in-process, 1 process", count, pushes, concurrency));
    } finally {
      await single.stop();
    }
    log("  installations · (b) Redis, 1 replica");
    // ANVIL_QUEUE_CONCURRENCY: jobs a replica works on at once (default 256).
    const env = { ...quiet, REDIS_URL: redis.url, ...(options.queueConcurrency ? { ANVIL_QUEUE_CONCURRENCY: String(options.queueConcurrency) } : {}) };
    const first = await startApp({ simulator: sim, env });
    let second: RunningApp | undefined;
    try {
      runs.push(await measureMode(sim, [first], "redis-1", "(b) Redis, 1 replica", count, pushes, concurrency));
      log("  installations · (c) Redis, 2 replicas");
      second = await startApp({ simulator: sim, env });
      runs.push(await measureMode(sim, [first, second], "redis-2", "(c) Redis, 2 replicas", count, pushes, concurrency));
    } finally {
      await Promise.all([first.stop(), second?.stop()]);
    }
  } finally {
    await redis.close();
    await sim.close();
  }
  const [a, b, c] = runs as [InstallationsRun, InstallationsRun, InstallationsRun];
  const extra = (run: InstallationsRun) => ({ p50: round1(run.ackMs.p50 - a.ackMs.p50), p95: round1(run.ackMs.p95 - a.ackMs.p95) });
  return {
    installations: count,
    pushesPerInstallation: pushes,
    concurrency,
    ...(options.queueConcurrency ? { queueConcurrency: options.queueConcurrency } : {}),
    runs,
    ratios: { twoReplicasOverInProcess: ratio(c.donePerSecond, a.donePerSecond), twoReplicasOverOneRedis: ratio(c.donePerSecond, b.donePerSecond), oneRedisOverInProcess: ratio(b.donePerSecond, a.donePerSecond) },
    extraAckMs: { oneReplica: extra(b), twoReplicas: extra(c) },
  };
}

export function printInstallations(result: InstallationsResult): void {
  console.log(`\n== ${result.installations} installations × ${result.pushesPerInstallation} pushes each creating a checklist (concurrency ${result.concurrency}; jobs per replica ${result.queueConcurrency ?? "256 (default)"}) ==`);
  console.log(`${"mode".padEnd(24)} ${"ack p50/p95 ms".padStart(16)} ${"wall s".padStart(7)} ${"done/s".padStart(7)} ${"throttle alone s".padStart(17)}`);
  for (const run of result.runs) console.log(`${run.label.padEnd(24)} ${`${run.ackMs.p50}/${run.ackMs.p95}`.padStart(16)} ${String(run.wallS).padStart(7)} ${String(run.donePerSecond).padStart(7)} ${String(run.mandatedS).padStart(17)}`);
  console.log(`completed work per second: (c)/(a) ×${result.ratios.twoReplicasOverInProcess}, (c)/(b) ×${result.ratios.twoReplicasOverOneRedis}, (b)/(a) ×${result.ratios.oneRedisOverInProcess}`);
  console.log(`durable enqueue, extra ack per delivery against in-process: 1 replica p50 +${result.extraAckMs.oneReplica.p50} ms, p95 +${result.extraAckMs.oneReplica.p95} ms; 2 replicas p50 +${result.extraAckMs.twoReplicas.p50} ms, p95 +${result.extraAckMs.twoReplicas.p95} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, installations: { type: "string", default: "8" }, pushes: { type: "string" }, concurrency: { type: "string", default: "8" }, "queue-concurrency": { type: "string" }, out: { type: "string" } } });
  const result = await measureInstallations({ installations: Number(values.installations), pushesPerInstallation: Number(values.pushes ?? (values.quick ? 2 : 4)), concurrency: Number(values.concurrency), ...(values["queue-concurrency"] ? { queueConcurrency: Number(values["queue-concurrency"]) } : {}) });
  if (result) {
    printInstallations(result);
    if (values.out) writeFileSync(values.out, `${JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg(), ...result }, null, 2)}\n`);
  }
  process.exit(0);
}
