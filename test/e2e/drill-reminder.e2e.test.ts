import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureMarkerSigning, markerCodec } from "../../src/markers/codec.js";
import { openIssue, startSimulator, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, WEBHOOK_SECRET, type RunningApp } from "../../harness/app-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

/** Issue 12: the drill reminder on the checklist Anvil opens, through the real server against the simulator. */

let sim: Simulator;
let app: RunningApp;

beforeAll(async () => {
  sim = await startSimulator({ repos: [] });
  app = await startApp({ simulator: sim });
  // Sign drill records as the app does (its marker key comes from the webhook secret).
  configureMarkerSigning(WEBHOOK_SECRET);
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

/** Distinct in their first 7 characters, which the checklist shows. */
const sha = (n: number) => String(n).repeat(40).slice(0, 40);
const reminderOf = (body: string) => /<!-- anvil:section:drill-reminder -->\n([\s\S]*?)\n<!-- anvil:end:drill-reminder -->/.exec(body)?.[1];

describe("drill reminder end to end", () => {
  it("a new checklist says a drill is due (one lookup); the push after a drill drops it without another lookup", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "remind" });
    const events = payloads(sim, repo);
    const drillLookups = () => sim.requests({ method: "GET", path: "/repos/acme/remind/issues" }).filter((request) => new URLSearchParams(request.query).get("labels") === "anvil:drill");

    await app.sendWebhook("push", events.push({ after: sha(1) }));
    const checklist = await eventually(() => {
      const found = [...repo.issues.values()].find((issue) => issue.title === "Pre-release checklist");
      if (!found) throw new Error("no checklist yet");
      return found;
    });
    expect(reminderOf(checklist.body)).toContain("No rollback drill has been run in this repository yet");
    expect(drillLookups()).toHaveLength(1);
    await settle(sim, 1_000);

    // A drill ran since: its incident issue, opened by Anvil, labelled, with its signed record.
    const finishedAt = new Date().toISOString();
    const record = { tag: "v0.0.1-drill.1", severity: "critical", actor: "maya", startedAt: finishedAt, finishedAt, clean: true };
    const drill = openIssue(repo, { title: "[DRILL] Incident: v0.0.1-drill.1", body: `${markerCodec(String(repo.id)).encode("drill", record)}\nDrill report`, author: "anvil[bot]" });
    drill.labels = ["anvil:drill"];
    drill.state = "closed";

    await app.sendWebhook("push", events.push({ after: sha(2) }));
    await eventually(() => expect(checklist.body).toContain(`tracking \`${sha(2).slice(0, 7)}\``));
    expect(reminderOf(checklist.body)).toBeUndefined();
    expect(checklist.body).not.toContain("drill");
    expect(drillLookups()).toHaveLength(1); // moving costs no lookup
    expect(sim.violations()).toEqual([]);
  }, 60_000);
});
