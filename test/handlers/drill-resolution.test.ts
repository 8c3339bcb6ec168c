import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderNewChecklist } from "../../src/checklists/render-checklist.js";
import { REMAINING_PROCEDURE } from "../../src/messages/rollback-issues.js";
import { DRILL_MARKER } from "../../src/rollback/drill.js";
import { INCIDENT_RECORD_MARKER, type IncidentRecord } from "../../src/rollback/resolution.js";
import { isIncident } from "../../src/shell/resolution/find-incidents.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, markersFor, mockAuth, mockConfig, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/** A drill's incident is never resolved (nor flagged overdue) by a real release: shell/resolution/find-incidents.ts. */
const markers = markersFor();
const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
type Json = Record<string, unknown>;

const record = (tag: string): IncidentRecord => ({
  tag, severity: "critical", revocation: "delete", releaseNotes: "none", announcement: { number: 5, kind: "pinned" }, advisory: true,
  status: { issue: 1, comment: 77 }, createdAt: "2026-11-25T09:00:00.000Z", deadline: "2026-11-25T10:00:00.000Z",
});
const drillRecord = (tag: string) => ({ tag, severity: "critical", actor: "maya", startedAt: "2026-11-25T09:00:00.000Z" });
const body = (tag: string, drill: boolean) =>
  `${markers.encode(INCIDENT_RECORD_MARKER, record(tag) as unknown as Json)}\n${drill ? `${markers.encode(DRILL_MARKER, drillRecord(tag))}\n` : ""}${REMAINING_PROCEDURE}`;
const issue = (number: number, text: string, labels = ["incident"]): Json => ({
  number, node_id: `I_${number}`, title: `#${number}`, body: text, state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
  created_at: "2026-11-25T09:00:00Z", labels: labels.map((name) => ({ name })), user: { login: BOT_LOGIN, type: "Bot" },
});

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => teardownNock());

describe("drill incidents and the resolution", () => {
  it("an incident of a drill tag, or carrying the drill marker, is not an incident to resolve; a real one is", () => {
    expect(isIncident({ body: body("v0.1.1-drill.1", true) }, markers)).toBeUndefined();
    expect(isIncident({ body: body("v0.1.1-drill.2", false) }, markers)).toBeUndefined(); // interrupted before its drill marker was written
    expect(isIncident({ body: body("v0.1.0", true) }, markers)).toBeUndefined();
    expect(isIncident({ body: body("v0.1.0", false) }, markers)).toMatchObject({ tag: "v0.1.0" });
  });

  it("publishing v0.1.1 (`released`, the event that resolves) resolves no drill incident: not one write, however late or overdue the drill", async () => {
    const checklist = issue(9, renderNewChecklist({ markers, state: { type: "release", tag: "v0.1.1" }, template: "- [ ] one\n" }), ["release-checklist"]);
    mockConfig(mockAuth(), OWNER, REPO, "readmeBanner:\n  enabled: false\npostMortem:\n  enabled: false\nnotifications:\n  dispatch: false\n")
      .get(`${R}/issues`).query(true).times(5).optionally()
      .reply(200, [checklist, issue(4, body("v0.1.1-drill.1", true), ["incident", "anvil:drill"]), issue(6, body("v0.1.1-drill.2", false)), issue(7, body("v0.1.0", true))]);
    const payload = examplePayload<Json>("release", "released");
    const release = { ...(payload.release as Json), tag_name: "v0.1.1", html_url: `https://github.com/${OWNER}/${REPO}/releases/tag/v0.1.1`, draft: false, prerelease: false };
    await probot.receive({ id: "fix", name: "release", payload: { ...payload, release } as never });
    expect(sentWrites()).toEqual([]);
  });
});
