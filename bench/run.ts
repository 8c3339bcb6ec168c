// `npm run bench [-- --quick]`: what a webhook costs Anvil, against a bare Probot app under the
// same load. See docs/performance.md for how to read the figures.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem, type as osType, release as osRelease } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { settle, startApp, WEBHOOK_SECRET, type RunningApp } from "../harness/app-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { openIssue, startSimulator, type RecordedRequest, type Simulator } from "../simulator/index.js";
import { replay, sendSigned, type Delivery, type DeliveryResult } from "./deliveries.js";
import { measureIgnoredDispatch } from "./dispatch.js";
import { peakRssMiB } from "./process-metrics.js";
import { measureStartup } from "./startup.js";
import { measureQueue, printQueue } from "./queue.js";
import { measureInstallations, printInstallations } from "./installations.js";
import { copyChecklist, HEAD_SHA, SCENARIOS, seedFor, type Scenario } from "./scenarios.js";
import { ratio, summarise, type LatencySummary } from "./stats.js";
import { isWrite, mandatedFinish, NOTIFICATION_SPACING_MS, triggersNotification, WRITE_SPACING_MS } from "./throttle-model.js";

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    latency: { type: "string" },
    concurrency: { type: "string" },
    out: { type: "string" },
    scenarios: { type: "string" },
  },
});
/** Scenario ids to run (numbers, `queue` for the durable-queue scenario, `installations` for the multi-installation one); all when unset. */
const selected = options.scenarios ? new Set(options.scenarios.split(",").map((id) => id.trim())) : undefined;
const quick = options.quick;
const numberedScenarios = SCENARIOS.filter((candidate) => !selected || selected.has(String(candidate.id)));
/** GitHub latencies to run the numbered scenarios at (none when only named scenarios were selected). */
const latencies = numberedScenarios.length === 0 ? [] : (options.latency ?? (quick ? "0" : "0,50")).split(",").map(Number);
const concurrency = Number(options.concurrency ?? (quick ? 4 : 8));
/** Deliveries per scenario under load; writing scenarios are bounded by the mandated spacing. */
const deliveriesFor = (scenario: Scenario) => (quick ? (scenario.writes ? 1 : 20) : scenario.writes ? (scenario.id === 2 ? 8 : 12) : 200);
const isolatedRuns = quick ? 1 : 5;
const loadRounds = quick ? 1 : 3;
const out = options.out ?? `bench/results/${quick ? "quick" : "full"}.json`;

type Target = "anvil" | "bare";
/** Anvil starts as `npm start` does (lib/main.js); the baseline under `probot run`. */
const APP_PATH: Record<Target, string | undefined> = { anvil: undefined, bare: "./bench/bare-probot-app.js" };

interface ScenarioResult {
  id: number;
  name: string;
  deliveries: number;
  concurrency: number;
  /** Deliveries acknowledged per second. */
  perSecond: number;
  /** Deliveries whose GitHub work finished, per second (the app's real capacity under this load). */
  completedPerSecond: number;
  ackMs: LatencySummary;
  completionMs: LatencySummary;
  requestsPerDelivery: { rest: number; graphql: number; notModified: number; counted: number };
  minimum: { counted: number; notModified: number };
  /** The app's peak resident memory over this scenario (a fresh process each scenario). */
  peakRssMiB?: number;
  /** Share of the load phase's completion time that Probot's mandated write spacing accounts for. */
  mandatedShareUnderLoad?: number;
  /** One delivery at a time with the throttle idle: completion against the mandated spacing of its own writes. */
  isolated?: { completionMs: LatencySummary; mandatedMs: LatencySummary; ownMs: LatencySummary; completionOverMandated: number };
}

interface RunResult {
  target: Target;
  latencyMs: number;
  startupMs: number;
  peakRssMiB: number;
  scenarios: ScenarioResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number) => Math.round(n * 100) / 100;
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Wait until Probot's limiters would let a write and a notification through at once. */
async function throttleIdle(sim: Simulator): Promise<void> {
  const writes = sim.requests().filter(isWrite);
  const lastWrite = writes.at(-1)?.at ?? 0;
  const lastNotification = writes.filter(triggersNotification).at(-1)?.at ?? 0;
  const wait = Math.max(lastWrite + WRITE_SPACING_MS, lastNotification + NOTIFICATION_SPACING_MS) + 100 - Date.now();
  if (wait > 0) await sleep(wait);
}

const ownerOf = (request: RecordedRequest) => /^\/repos\/([^/]+)\//.exec(request.path)?.[1];

function attribute(requests: readonly RecordedRequest[]): Map<string, RecordedRequest[]> {
  const byOwner = new Map<string, RecordedRequest[]>();
  for (const request of requests) {
    const owner = request.path === "/api/graphql" ? String((request.body as { variables?: { owner?: string } })?.variables?.owner ?? "") : ownerOf(request);
    if (!owner) continue;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), request]);
  }
  return byOwner;
}

function completionOf(result: DeliveryResult, requests: readonly RecordedRequest[] | undefined): number {
  const last = requests?.at(-1)?.at;
  return last === undefined ? result.ackMs : Math.max(result.ackMs, last - result.sentAt);
}

/** A checklist made by Anvil once per run, copied into every repository that should start with one. */
async function templateChecklist(sim: Simulator, app: RunningApp, target: Target) {
  const [seed] = seedFor("template");
  const repo = sim.addRepo(seed!);
  if (target === "bare") {
    // The baseline receives the same payloads; it never reads the issue, so any task list will do.
    openIssue(repo, { title: "Pre-release checklist", body: "- [ ] one\n- [ ] two\n", author: sim.app.botLogin }).viaApp = true;
    return repo;
  }
  await sendSigned(`${app.url}/api/github/webhooks`, WEBHOOK_SECRET, { event: "push", payload: payloads(sim, repo).push({ after: HEAD_SHA }), repository: "template" });
  await settle(sim, NOTIFICATION_SPACING_MS + 500);
  if (![...repo.issues.values()].some((issue) => issue.viaApp)) throw new Error("Anvil did not open the template checklist");
  return repo;
}

async function runScenario(sim: Simulator, app: RunningApp, target: Target, scenario: Scenario, template: ReturnType<Simulator["repo"]> | undefined, latencyMs: number): Promise<ScenarioResult> {
  const url = `${app.url}/api/github/webhooks`;
  // Long enough that no throttled write can still be pending when the simulator has been quiet.
  const quietMs = target === "bare" ? 300 : scenario.writes ? NOTIFICATION_SPACING_MS + 300 : 1000;
  const prepareOwners = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => {
      const owner = `${prefix}-${index}`;
      const [main, org] = seedFor(owner);
      const repo = sim.addRepo(main!);
      sim.addRepo(org!);
      if (scenario.needsChecklist && template) copyChecklist(template, repo);
      return owner;
    });

  // Scenarios that write nothing are cheap: several rounds (fresh repositories each) steady the figures.
  const rounds = scenario.writes ? 1 : loadRounds;
  const results: DeliveryResult[] = [];
  const completions: number[] = [];
  const attributed: RecordedRequest[] = [];
  let wallMs = 0;
  let loadSpan = 0;
  let firstSent = 0;
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    const owners = prepareOwners(`l${latencyMs}-s${scenario.id}-r${roundIndex}`, deliveriesFor(scenario));
    if (scenario.warmUp) {
      await replay(url, WEBHOOK_SECRET, owners.map((owner) => scenario.warmUp!(sim, owner)), concurrency);
      await settle(sim, target === "bare" ? 300 : 1000); // warm-ups only read
    }
    sim.clearRequests();
    const deliveries: Delivery[] = owners.map((owner) => scenario.prepare(sim, owner));
    const load = await replay(url, WEBHOOK_SECRET, deliveries, concurrency);
    await settle(sim, quietMs);
    const byOwner = attribute(sim.requests());
    const roundCompletions = load.results.map((result) => completionOf(result, byOwner.get(result.delivery.repository)));
    const roundFirst = Math.min(...load.results.map((result) => result.sentAt));
    if (roundIndex === 0) firstSent = roundFirst;
    loadSpan += Math.max(...load.results.map((result, index) => result.sentAt + (roundCompletions[index] ?? 0))) - roundFirst;
    wallMs += load.wallMs;
    results.push(...load.results);
    completions.push(...roundCompletions);
    attributed.push(...owners.flatMap((owner) => byOwner.get(owner) ?? []));
  }
  const n = results.length;
  const writes = attributed.filter(isWrite).sort((a, b) => a.at - b.at);

  const result: ScenarioResult = {
    id: scenario.id,
    name: scenario.name,
    deliveries: n,
    concurrency,
    perSecond: round((n / wallMs) * 1000),
    completedPerSecond: round((n / loadSpan) * 1000),
    ackMs: summarise(results.map((r) => r.ackMs)),
    completionMs: summarise(completions),
    requestsPerDelivery: {
      rest: round(attributed.filter((r) => r.path !== "/api/graphql").length / n),
      graphql: round(attributed.filter((r) => r.path === "/api/graphql").length / n),
      notModified: round(attributed.filter((r) => r.status === 304).length / n),
      counted: round(attributed.filter((r) => r.status !== 304).length / n),
    },
    minimum: { counted: target === "anvil" ? scenario.minimum.counted : 0, notModified: target === "anvil" ? scenario.minimum.notModified : 0 },
  };
  if (target === "anvil" && scenario.writes && writes.length > 0) result.mandatedShareUnderLoad = round((mandatedFinish(writes, firstSent) - firstSent) / loadSpan);

  if (target === "anvil" && scenario.writes) {
    const isolated = { completion: [] as number[], mandated: [] as number[] };
    for (const owner of prepareOwners(`l${latencyMs}-s${scenario.id}-alone`, isolatedRuns)) {
      if (scenario.warmUp) {
        await sendSigned(url, WEBHOOK_SECRET, scenario.warmUp(sim, owner));
        await settle(sim, 500); // warm-ups only read
      }
      await throttleIdle(sim); // nothing mandated carries over from earlier deliveries
      const sent = await sendSigned(url, WEBHOOK_SECRET, scenario.prepare(sim, owner));
      await settle(sim, quietMs);
      const own = (attribute(sim.requests()).get(owner) ?? []).filter((request) => request.at >= sent.sentAt);
      isolated.completion.push(completionOf(sent, own));
      isolated.mandated.push(mandatedFinish(own, sent.sentAt) - sent.sentAt);
    }
    const completion = summarise(isolated.completion);
    const mandated = summarise(isolated.mandated);
    result.isolated = {
      completionMs: completion,
      mandatedMs: mandated,
      ownMs: summarise(isolated.completion.map((value, index) => value - (isolated.mandated[index] ?? 0))),
      completionOverMandated: ratio(completion.p50, mandated.p50),
    };
  }
  return result;
}

/** Each scenario gets a freshly started app, so none inherits another's heap; the simulator persists. */
async function run(target: Target, latencyMs: number): Promise<RunResult> {
  const sim = await startSimulator({ repos: [] });
  const start = () => startApp({ simulator: sim, appPath: APP_PATH[target], env: { LOG_LEVEL: "warn" } });
  try {
    sim.setLatency(latencyMs);
    const first = await start();
    const template = await templateChecklist(sim, first, target).finally(() => first.stop());
    const scenarios: ScenarioResult[] = [];
    const startups: number[] = [first.startupMs];
    for (const scenario of numberedScenarios) {
      log(`  ${target} · ${latencyMs} ms GitHub latency · scenario ${scenario.id}: ${scenario.name}`);
      const app = await start();
      startups.push(app.startupMs);
      try {
        const result = await runScenario(sim, app, target, scenario, template, latencyMs);
        scenarios.push({ ...result, peakRssMiB: peakRssMiB(app.process.pid ?? -1) });
      } finally {
        await app.stop();
      }
    }
    const violations = sim.violations();
    if (violations.length > 0) throw new Error(`requests GitHub would refuse:\n${violations.join("\n")}`);
    return { target, latencyMs, startupMs: Math.round(summarise(startups).p50), peakRssMiB: Math.max(...scenarios.map((scenario) => scenario.peakRssMiB ?? 0)), scenarios };
  } finally {
    await sim.close();
  }
}

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: round(totalmem() / 2 ** 30), freeGiB: round(freemem() / 2 ** 30), os: `${osType()} ${osRelease()}`, node: process.version };
log(`Anvil benchmark (${quick ? "quick" : "full"}): concurrency ${concurrency}, GitHub latency ${latencies.join(" / ")} ms, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
const runs: RunResult[] = [];
for (const latencyMs of latencies) {
  runs.push(await run("bare", latencyMs));
  runs.push(await run("anvil", latencyMs));
}

// The durable queue against in-process work (bench/queue.ts; needs redis-server, skipped without).
const queue = !selected || selected.has("queue") ? await measureQueue({ deliveries: quick ? 40 : 200, concurrency }) : undefined;
// 8 installations × pushes that each create a checklist: (a) in-process, (b) Redis, (c) 2 replicas (bench/installations.ts).
const installations = !selected || selected.has("installations") ? await measureInstallations({ installations: 8, pushesPerInstallation: quick ? 2 : 4, concurrency: 8 }) : undefined;

const dispatch = await measureIgnoredDispatch(quick ? 2000 : 10_000);
const startup = await measureStartup(quick ? 3 : 7, 2000);
const comparisons = latencies.map((latencyMs) => {
  const anvil = runs.find((r) => r.target === "anvil" && r.latencyMs === latencyMs)!;
  const bare = runs.find((r) => r.target === "bare" && r.latencyMs === latencyMs)!;
  return {
    latencyMs,
    startup: ratio(anvil.startupMs, bare.startupMs),
    peakRss: ratio(anvil.peakRssMiB, bare.peakRssMiB),
    scenarios: anvil.scenarios.map((scenario) => {
      const base = bare.scenarios.find((candidate) => candidate.id === scenario.id)!;
      return { id: scenario.id, ackP50: ratio(scenario.ackMs.p50, base.ackMs.p50), ackP95: ratio(scenario.ackMs.p95, base.ackMs.p95), throughput: ratio(scenario.perSecond, base.perSecond), peakRss: ratio(scenario.peakRssMiB ?? 0, base.peakRssMiB ?? 0) };
    }),
  };
});

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), mode: quick ? "quick" : "full", machine, loadAverageAtEnd: loadavg(), concurrency, ignoredEventDispatchUs: { ...dispatch, ratio: ratio(dispatch.anvilUs, dispatch.bareUs) }, startup: { ...startup, startupRatio: ratio(startup.anvil.startupMs, startup.bare.startupMs), idleRssRatio: ratio(startup.anvil.idleRssMiB, startup.bare.idleRssMiB) }, runs, comparisons, queue: queue ?? null, installations: installations ?? null }, null, 2)}\n`);

// The summary, for humans.
const pad = (value: unknown, width: number) => String(value).padStart(width);
for (const latencyMs of latencies) {
  const anvil = runs.find((r) => r.target === "anvil" && r.latencyMs === latencyMs)!;
  const bare = runs.find((r) => r.target === "bare" && r.latencyMs === latencyMs)!;
  const comparison = comparisons.find((c) => c.latencyMs === latencyMs)!;
  console.log(`\n== GitHub latency ${latencyMs} ms · concurrency ${concurrency} ==`);
  console.log(`startup to first /ping (median of ${anvil.scenarios.length + 1} starts): Anvil ${anvil.startupMs} ms, bare Probot ${bare.startupMs} ms (×${comparison.startup})`);
  console.log(`peak RSS, highest scenario: Anvil ${anvil.peakRssMiB} MiB, bare Probot ${bare.peakRssMiB} MiB (×${comparison.peakRss}); per scenario: ${comparison.scenarios.map((c) => `${c.id}: ${anvil.scenarios.find((s) => s.id === c.id)?.peakRssMiB} vs ${bare.scenarios.find((s) => s.id === c.id)?.peakRssMiB} MiB (×${c.peakRss})`).join(", ")}`);
  console.log(`${"scenario".padEnd(58)} ${pad("n", 4)} ${pad("acked/s", 8)} ${pad("×bare", 6)} ${pad("ack p50/p95/p99 ms", 22)} ${pad("×bare p50", 9)} ${pad("done p50/p95/p99 ms", 22)} ${pad("req/deliv (min)", 16)} ${pad("304s", 5)}`);
  for (const scenario of anvil.scenarios) {
    const c = comparison.scenarios.find((candidate) => candidate.id === scenario.id)!;
    const requests = `${scenario.requestsPerDelivery.counted} (${scenario.minimum.counted})`;
    console.log(
      `${`${scenario.id}. ${scenario.name}`.slice(0, 58).padEnd(58)} ${pad(scenario.deliveries, 4)} ${pad(scenario.perSecond, 8)} ${pad(c.throughput, 6)} ${pad(`${scenario.ackMs.p50}/${scenario.ackMs.p95}/${scenario.ackMs.p99}`, 22)} ${pad(c.ackP50, 9)} ${pad(`${scenario.completionMs.p50}/${scenario.completionMs.p95}/${scenario.completionMs.p99}`, 22)} ${pad(requests, 16)} ${pad(scenario.requestsPerDelivery.notModified, 5)}`,
    );
  }
  console.log(`  work completed per second under this load: ${anvil.scenarios.map((s) => `scenario ${s.id} ${s.completedPerSecond}`).join(", ")}`);
  for (const scenario of anvil.scenarios.filter((s) => s.isolated)) {
    const iso = scenario.isolated!;
    console.log(`  scenario ${scenario.id} alone: completion p50 ${iso.completionMs.p50} ms = mandated spacing ${iso.mandatedMs.p50} ms + Anvil's own ${iso.ownMs.p50} ms (×${iso.completionOverMandated} of mandated); under load the spacing is ${Math.round((scenario.mandatedShareUnderLoad ?? 0) * 100)}% of completion`);
  }
}
console.log(`\nin-process dispatch of an ignored event (no HTTP): Anvil ${dispatch.anvilUs} µs, bare Probot ${dispatch.bareUs} µs (×${ratio(dispatch.anvilUs, dispatch.bareUs)})`);
console.log(`start-up to first /ping (median of ${quick ? 3 : 7} starts, nothing else running): Anvil ${startup.anvil.startupMs} ms, bare Probot ${startup.bare.startupMs} ms (×${ratio(startup.anvil.startupMs, startup.bare.startupMs)})`);
console.log(`idle RSS 2 s after start: Anvil ${startup.anvil.idleRssMiB} MiB, bare Probot ${startup.bare.idleRssMiB} MiB (×${ratio(startup.anvil.idleRssMiB, startup.bare.idleRssMiB)}); first webhook answered: Anvil ${startup.anvil.firstAckMs} ms (imports its handler), bare ${startup.bare.firstAckMs} ms`);
if (queue) printQueue(queue);
if (installations) printInstallations(installations);
console.log(`\nResults written to ${out}`);
process.exit(0);
