// `npm run bench:startup [-- --runs 7]`: start-up to the first `/ping` and idle RSS of Anvil
// (`npm start`'s entry) against a bare Probot app, started alternately so both see the same
// machine load. See docs/performance.md.
import { parseArgs } from "node:util";
import { startApp, type RunningApp } from "../harness/app-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { startSimulator } from "../simulator/index.js";
import { cpuMs, rssMiB } from "./process-metrics.js";
import { ratio, summarise } from "./stats.js";

const targets = { anvil: undefined, bare: "./bench/bare-probot-app.js" } as const;
type Target = keyof typeof targets;

export interface StartupFigures {
  startupMs: number;
  /** CPU time the process used until its first `/ping` answer (less sensitive to a busy machine). */
  startupCpuMs: number;
  idleRssMiB: number;
  /** The first webhook after the idle wait (a push to a branch that is not the default: no GitHub request). */
  firstAckMs: number;
}

/** Median start-up and idle RSS of `runs` starts of each target, alternating. */
export async function measureStartup(count: number, idle: number): Promise<Record<Target, StartupFigures>> {
  const sim = await startSimulator({ repos: [] });
  const samples: Record<Target, { startupMs: number[]; cpuMs: number[]; rss: number[]; firstAckMs: number[] }> = {
    anvil: { startupMs: [], cpuMs: [], rss: [], firstAckMs: [] },
    bare: { startupMs: [], cpuMs: [], rss: [], firstAckMs: [] },
  };
  const repo = sim.addRepo({ owner: "bench", repo: "startup" });
  const push = payloads(sim, repo).push({ after: "b".repeat(40), ref: "refs/heads/feature" });
  try {
    for (let run = 0; run < count; run++) {
      for (const target of run % 2 === 0 ? (["bare", "anvil"] as const) : (["anvil", "bare"] as const)) {
        // Anvil as deployed: the redelivery pass on (the harness turns it off for tests).
        const app: RunningApp = await startApp({ simulator: sim, appPath: targets[target], env: { LOG_LEVEL: "warn", ANVIL_REDELIVERY_INTERVAL_MINUTES: undefined } });
        try {
          samples[target].cpuMs.push(cpuMs(app.process.pid ?? -1));
          await new Promise((resolve) => setTimeout(resolve, idle));
          samples[target].startupMs.push(app.startupMs);
          samples[target].rss.push(rssMiB(app.process.pid ?? -1));
          const sent = performance.now();
          const response = await app.sendWebhook("push", push);
          samples[target].firstAckMs.push(performance.now() - sent);
          if (!response.ok) throw new Error(`${target}: the first webhook was answered ${response.status}`);
        } finally {
          await app.stop();
        }
      }
    }
  } finally {
    await sim.close();
  }
  const figures = (target: Target) => ({ startupMs: Math.round(summarise(samples[target].startupMs).p50), startupCpuMs: Math.round(summarise(samples[target].cpuMs).p50), idleRssMiB: summarise(samples[target].rss).p50, firstAckMs: Math.round(summarise(samples[target].firstAckMs).p50) });
  return { anvil: figures("anvil"), bare: figures("bare") };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Parsed only when run as a script: bench/run.ts imports this module with options of its own.
  const { values: options } = parseArgs({ options: { runs: { type: "string", default: "7" }, idle: { type: "string", default: "2000" } } });
  const runs = Number(options.runs);
  /** How long a started app is left alone before its RSS is read. */
  const idleMs = Number(options.idle);
  const { anvil, bare } = await measureStartup(runs, idleMs);
  console.log(`start-up to first /ping (median of ${runs}): Anvil ${anvil.startupMs} ms, bare Probot ${bare.startupMs} ms (×${ratio(anvil.startupMs, bare.startupMs)})`);
  console.log(`CPU time until the first /ping (median of ${runs}): Anvil ${anvil.startupCpuMs} ms, bare Probot ${bare.startupCpuMs} ms (×${ratio(anvil.startupCpuMs, bare.startupCpuMs)})`);
  console.log(`idle RSS ${idleMs} ms after start (median of ${runs}): Anvil ${anvil.idleRssMiB} MiB, bare Probot ${bare.idleRssMiB} MiB (×${ratio(anvil.idleRssMiB, bare.idleRssMiB)})`);
  console.log(`first webhook answered (median of ${runs}; Anvil imports the push handler then): Anvil ${anvil.firstAckMs} ms, bare Probot ${bare.firstAckMs} ms`);
  process.exit(0);
}
