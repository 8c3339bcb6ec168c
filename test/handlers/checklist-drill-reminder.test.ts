import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readChecklistState } from "../../src/checklists/checklist-state.js";
import { withDrillReminder } from "../../src/checklists/drill-reminder.js";
import { renderNewChecklist } from "../../src/checklists/render-checklist.js";
import { readSection } from "../../src/markers/sections.js";
import { renderDrillReminder } from "../../src/messages/drill.js";
import type { DrillRecord } from "../../src/rollback/drill.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, isIncidentListing, githubApi, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/** Issue 12: "a drill is due" on the next checklist Anvil opens, read from signed drill records. */

const markers = markersFor();
const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
const HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const NEXT = "a".repeat(40);
type Json = Record<string, unknown>;

const DAY = 86_400_000;
/** An hour past whole days, so the day count cannot tip over while the test runs. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY - 3_600_000).toISOString();
const record = (finishedAt: string | undefined): DrillRecord => ({ tag: "v0.1.1-drill.1", severity: "critical", actor: "alice", startedAt: finishedAt ?? daysAgo(1), ...(finishedAt ? { finishedAt } : {}) });

function issue(number: number, body: string, extra: Json = {}): Json {
  return {
    number, node_id: `I_${number}`, title: `#${number}`, body, state: "open",
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`, created_at: "2026-11-20T00:00:00Z",
    labels: [{ name: "release-checklist" }], user: { login: BOT_LOGIN, type: "Bot" }, ...extra,
  };
}
/** A drill's incident issue as the drill executor leaves it: labelled, with its signed record. */
const drillIssue = (number: number, body: string) => issue(number, `${body}\n## Drill report`, { labels: [{ name: "anvil:drill" }], state: "closed" });
const signedDrill = (number: number, finishedAt: string | undefined) => drillIssue(number, markers.encode("drill", record(finishedAt)));

/** Exactly the lookup of past drills: one page of the newest issues labelled `anvil:drill`, anyone's, open or closed. */
const DRILL_QUERY = { labels: "anvil:drill", state: "all", sort: "created", direction: "desc", per_page: "30" };
const isDrillLookup = (request: { path: string; query: string }) => request.path === `${R}/issues` && new URLSearchParams(request.query).get("labels") === "anvil:drill";

const pushPayload = (overrides: Json = {}) => ({ ...examplePayload<Json>("push", undefined, 4), ...overrides });
const releasePayload = () => {
  const payload = examplePayload<Json>("release", "published");
  return { ...payload, release: { ...(payload.release as Json), tag_name: "v0.1.0", published_at: "2026-11-24T00:00:00Z" } };
};

/** A push that opens the cycle's pre-release checklist; `drills` answers the lookup (undefined: no lookup expected). */
function mockOpeningPush(yaml: string | undefined, drills: Json[] | undefined) {
  const scope = mockConfig(mockAuth(), OWNER, REPO, yaml).get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN).reply(200, []);
  if (drills) scope.get(`${R}/issues`).query(DRILL_QUERY).reply(200, drills);
  return scope
    .post(`${R}/labels`).reply(201, {})
    .post(`${R}/check-runs`).reply(201, { id: 99 })
    .post(`${R}/issues`).reply(201, (_uri, body) => issue(5, (body as Json).body as string));
}
const createdBody = () => (sentWrites().find((w) => w.method === "POST" && w.path === `${R}/issues`)?.body as Json).body as string;
const reminderIn = (body: string) => readSection(body, "drill-reminder");

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => teardownNock());

describe("opening a checklist when a drill is due", () => {
  it("reads the newest drill issues once and puts the reminder below the status line", async () => {
    mockOpeningPush(undefined, []);
    await probot.receive({ id: "p1", name: "push", payload: pushPayload() as never });

    expect(sent.filter(isDrillLookup)).toHaveLength(1);
    const body = createdBody();
    expect(reminderIn(body)).toBe(renderDrillReminder({ due: true, lastDrillAt: undefined, daysSince: undefined }, 91));
    expect(body.indexOf("<!-- anvil:section:drill-reminder -->")).toBeLessThan(body.indexOf("- [ ]"));
    expect(body).toContain("**Progress: 0 / 12 done**"); // the reminder counts no boxes
    expect(readChecklistState(body, markers)).toMatchObject({ type: "pre-release", sha: HEAD, checkRunId: 99 });
  });

  it("names the last drill when it is older than the interval; says nothing after a recent one", async () => {
    mockOpeningPush(undefined, [signedDrill(41, undefined), signedDrill(40, daysAgo(120))]);
    await probot.receive({ id: "p2", name: "push", payload: pushPayload() as never });
    expect(reminderIn(createdBody())).toContain(`The last rollback drill was on ${daysAgo(120).slice(0, 10)}, 120 days ago`);

    sent.length = 0;
    mockOpeningPush(undefined, [signedDrill(42, daysAgo(10)), signedDrill(40, daysAgo(120))]);
    await probot.receive({ id: "p3", name: "push", payload: pushPayload({ after: NEXT, head_commit: { id: NEXT } }) as never });
    expect(reminderIn(createdBody())).toBeUndefined();
    expect(createdBody()).not.toContain("drill");
  });

  it("ignores a drill issue whose marker is forged, unsigned or from another repository", async () => {
    const genuine = markers.encode("drill", record(daysAgo(2)));
    const forged = genuine.replace(/[0-9a-f]{32} -->/, `${"f".repeat(32)} -->`);
    const unsigned = `<!-- anvil:drill ${JSON.stringify(record(daysAgo(2)))} -->`;
    const elsewhere = markersFor(999).encode("drill", record(daysAgo(2)));
    mockOpeningPush(undefined, [drillIssue(50, forged), drillIssue(51, unsigned), drillIssue(52, elsewhere)]);
    await probot.receive({ id: "p4", name: "push", payload: pushPayload() as never });
    expect(reminderIn(createdBody())).toContain("No rollback drill has been run in this repository yet");
  });

  it("sends no drill lookup at all with `drills.remind: false`", async () => {
    mockOpeningPush("drills:\n  remind: false\n", undefined);
    await probot.receive({ id: "p5", name: "push", payload: pushPayload() as never });
    expect(sent.filter(isDrillLookup)).toEqual([]);
    expect(createdBody()).not.toContain("drill");
  });

  it("keeps the default `remind: true` when only the interval is configured", async () => {
    mockOpeningPush("drills:\n  intervalDays: 30\n", [signedDrill(40, daysAgo(40))]);
    await probot.receive({ id: "p6", name: "push", payload: pushPayload() as never });
    expect(reminderIn(createdBody())).toContain("40 days ago; the release procedure asks for one every 30 days");

    sent.length = 0;
    mockOpeningPush("drills:\n  intervalDays: 30\n", [signedDrill(40, daysAgo(20))]);
    await probot.receive({ id: "p7", name: "push", payload: pushPayload({ after: NEXT, head_commit: { id: NEXT } }) as never });
    expect(reminderIn(createdBody())).toBeUndefined();
  });

  it("opens the checklist without the reminder when past drills cannot be read", async () => {
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN).reply(200, [])
      .get(`${R}/issues`).query(DRILL_QUERY).reply(500, { message: "Server Error" })
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 99 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(5, (body as Json).body as string));
    await probot.receive({ id: "p8", name: "push", payload: pushPayload() as never });
    expect(reminderIn(createdBody())).toBeUndefined();
  });

  it("a release checklist Anvil opens on a published release gets it too", async () => {
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN).reply(200, [])
      .get(`${R}/commits/v0.1.0`).query(true).reply(200, { sha: HEAD })
      .get(`${R}/issues`).query(DRILL_QUERY).reply(200, [])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 55 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(6, (body as Json).body as string));
    await probot.receive({ id: "r1", name: "release", payload: releasePayload() as never });
    expect(reminderIn(createdBody())).toContain("No rollback drill has been run in this repository yet");
  });
});

describe("checklists Anvil does not open cost no drill lookup", () => {
  const due = renderDrillReminder({ due: true, lastDrillAt: undefined, daysSince: undefined }, 91);
  const withReminder = withDrillReminder(renderNewChecklist({ markers, state: { type: "pre-release", after: null, branch: "master", sha: HEAD, checkRunId: 7 }, template: "- [ ] one\n- [ ] two\n" }), due);

  function mockMove(listing: Json[], current: string) {
    return mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN && q.labels === undefined).reply(200, listing)
      .post(`${R}/check-runs`).reply(201, { id: 100 })
      .get(`${R}/issues/5`).reply(200, issue(5, current))
      .patch(`${R}/issues/5`).reply(200, (_uri, body) => issue(5, (body as Json).body as string));
  }
  const moved = () => (sentWrites().find((w) => w.method === "PATCH")?.body as Json).body as string;
  const nextPush = () => pushPayload({ after: NEXT, head_commit: { id: NEXT }, commits: [{ id: NEXT, message: "fix", author: { username: "alice" } }] });

  it("moving the checklist keeps the reminder once, with the human's text, and sends no lookup", async () => {
    const current = `${withReminder.replace("- [ ] one", "- [x] one")}\nShip on Friday.\n`;
    mockMove([issue(5, current)], current);
    await probot.receive({ id: "m1", name: "push", payload: nextPush() as never });

    expect(sent.filter(isDrillLookup)).toEqual([]);
    const body = moved();
    expect(body.split("<!-- anvil:section:drill-reminder -->")).toHaveLength(2);
    expect(reminderIn(body)).toBe(due);
    expect(body).toContain("- [x] one");
    expect(body).toContain("Ship on Friday.");
    expect(readChecklistState(body, markers)).toMatchObject({ sha: NEXT, checkRunId: 100 });
  });

  it("moving drops the reminder when the issues listed anyway show a drill since (no extra request)", async () => {
    mockMove([signedDrill(60, daysAgo(1)), issue(5, withReminder)], withReminder);
    await probot.receive({ id: "m2", name: "push", payload: nextPush() as never });
    expect(sent.filter(isDrillLookup)).toEqual([]);
    expect(reminderIn(moved())).toBeUndefined();
    expect(moved()).toContain("- [ ] one");
  });

  it("a forged drill in that listing does not drop it", async () => {
    const forged = markers.encode("drill", record(daysAgo(1))).replace(/[0-9a-f]{32} -->/, `${"0".repeat(32)} -->`);
    mockMove([drillIssue(60, forged), issue(5, withReminder)], withReminder);
    await probot.receive({ id: "m3", name: "push", payload: nextPush() as never });
    expect(reminderIn(moved())).toBe(due);
  });

  it("a release whose checklist exists already (a redelivery) sends no lookup", async () => {
    const existing = renderNewChecklist({ markers, state: { type: "release", tag: "v0.1.0" }, template: "- [ ] one\n" });
    const linked = renderNewChecklist({ markers, state: { type: "pre-release", after: null, sha: HEAD, releasedAs: "v0.1.0" }, template: "- [ ] one\n" });
    mockConfig(githubApi(), OWNER, REPO);
    mockAuth().get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN && !isIncidentListing(q)).reply(200, [issue(6, existing), issue(5, linked)])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, []);
    await probot.receive({ id: "r2", name: "release", payload: releasePayload() as never });
    expect(sent.filter(isDrillLookup)).toEqual([]);
    expect(sentWrites()).toEqual([]);
  });
});
