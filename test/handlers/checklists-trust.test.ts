import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readChecklistState, type ChecklistState } from "../../src/checklists/checklist-state.js";
import { renderNewChecklist } from "../../src/checklists/render-checklist.js";
import { examplePayload } from "../helpers/fixtures.js";
import { API, BOT_LOGIN, createTestProbot, isIncidentListing, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/**
 * Issue 9 on checklists: time never runs backwards (item 5), human work is never overwritten
 * (6), nothing is missed past the first page (8), markers are authenticated (1), no noise on
 * redelivery (9). Each test here failed with the hole reopened.
 */
const markers = markersFor();
const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
const HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"; // the fixture push's head
const PUSHED_AT = 1557933657; // the fixture push's repository.pushed_at
const TRACKED = "b".repeat(40);
const TEMPLATE = "- [ ] one\n- [ ] two\n";

type Json = Record<string, unknown>;

function issue(number: number, body: string, extra: Json = {}): Json {
  return {
    number,
    node_id: `I_${number}`,
    title: "Pre-release checklist",
    body,
    state: "open",
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
    created_at: "2026-11-20T00:00:00Z",
    closed_at: null,
    labels: [{ name: "release-checklist" }],
    user: { login: BOT_LOGIN, type: "Bot" },
    ...extra,
  };
}

const checklist = (state: Partial<ChecklistState> = {}, template = TEMPLATE) =>
  renderNewChecklist({ markers, state: { type: "pre-release", after: null, branch: "master", sha: TRACKED, checkRunId: 7, pushedAt: PUSHED_AT, commits: [{ sha: TRACKED, message: "tracked" }], commitCount: 1, ...state }, template });

const pushPayload = (overrides: Json = {}, pushedAt = PUSHED_AT): Json => {
  const payload = examplePayload<Json>("push", undefined, 4);
  return { ...payload, repository: { ...(payload.repository as Json), pushed_at: pushedAt }, ...overrides };
};

/** Anvil issues that are not checklists (e.g. incidents), to fill pages. */
const filler = (from: number, count: number) => Array.from({ length: count }, (_, i) => issue(from + i, "An incident Anvil opened", { title: "Incident" }));
const nextPage = (page: number) => ({ link: `<${API}${R}/issues?creator=${encodeURIComponent(BOT_LOGIN)}&state=all&sort=created&direction=desc&per_page=100&page=${page}>; rel="next"` });

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => teardownNock());

describe("time never runs backwards (item 5)", () => {
  it("a push GitHub received before the tracked one creates no check run and rewrites nothing", async () => {
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(5, checklist({ pushedAt: PUSHED_AT + 60 }))]);
    await probot.receive({ id: "old", name: "push", payload: pushPayload() as never });
    expect(sentWrites()).toEqual([]);
  });

  it("a redelivered push whose head the checklist already lists (same second) changes nothing", async () => {
    const body = checklist({ commits: [{ sha: HEAD, message: "older" }, { sha: TRACKED, message: "tracked" }], commitCount: 2 });
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(5, body)]);
    await probot.receive({ id: "again", name: "push", payload: pushPayload() as never });
    expect(sentWrites()).toEqual([]);
  });

  it("an old push arriving after its cycle shipped opens no new cycle on the old commit", async () => {
    const shipped = checklist({ sha: HEAD, releasedAs: "v1.0.0", pushedAt: PUSHED_AT });
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(5, shipped, { state: "closed" })]);
    await probot.receive({ id: "shipped", name: "push", payload: pushPayload() as never });
    expect(sentWrites()).toEqual([]);
  });
});

describe("human work is never overwritten (item 6)", () => {
  it("a push re-reads the checklist right before writing: a box ticked and a note added meanwhile survive", async () => {
    const listed = checklist({ pushedAt: PUSHED_AT - 60 });
    const now = `${listed.replace("- [ ] one", "- [x] one")}\nA note from a human, written a moment ago.\n`;
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [issue(5, listed)])
      .post(`${R}/check-runs`).reply(201, { id: 100 })
      .get(`${R}/issues/5`).reply(200, issue(5, now))
      .patch(`${R}/check-runs/100`).reply(200, {})
      .patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({ id: "p", name: "push", payload: pushPayload() as never });
    const body = (sentWrites().find((w) => w.method === "PATCH" && w.path === `${R}/issues/5`)?.body as Json).body as string;
    expect(body).toContain("- [x] one");
    expect(body).toContain("A note from a human, written a moment ago.");
    expect(body).toContain("**Progress: 1 / 2 done**");
    // The check run was created from the listing, then corrected to what the issue says now.
    expect(sentWrites().find((w) => w.path === `${R}/check-runs/100`)?.body).toMatchObject({ output: { title: "1 / 2 items done" } });
    expect(readChecklistState(body, markers)).toMatchObject({ sha: HEAD, checkRunId: 100, commitCount: 2 });
  });

  it("an edit is recounted from the issue as it is now, and a later human edit survives the write", async () => {
    const before = checklist();
    const after = before.replace("- [ ] one", "- [x] one");
    const now = `${after.replace("- [ ] two", "- [x] two")}\nLater prose.\n`; // someone ticked "two" since
    const edited = examplePayload<Json>("issues", "edited");
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues/5`).reply(200, issue(5, now))
      .patch(`${R}/check-runs/7`).reply(200, {})
      .patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({
      id: "e",
      name: "issues",
      payload: { ...edited, changes: { body: { from: before } }, issue: { ...(edited.issue as Json), ...issue(5, after), updated_at: "2026-11-25T10:00:00Z" }, sender: { login: "alice", type: "User" } } as never,
    });
    const write = sentWrites().find((w) => w.path === `${R}/issues/5`)?.body as Json;
    expect(write.body).toContain("Later prose.");
    expect(write.body).toContain("- [x] two");
    expect(write.body).toContain("**Progress: 2 / 2 done**");
    expect(sentWrites().find((w) => w.path === `${R}/check-runs/7`)?.body).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("linking a release re-reads the checklist: what it says now decides 'complete'", async () => {
    const listed = checklist();
    const now = listed.replace(/- \[ \]/g, "- [x]");
    const release = examplePayload<Json>("release", "published");
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [issue(5, listed)])
      .get(`${R}/issues/5`).reply(200, issue(5, now))
      .patch(`${R}/issues/5`).reply(200, {})
      .get(`${R}/commits/v1.0.0`).query(true).reply(200, { sha: HEAD })
      .get(`${R}/issues`).query((q) => q.labels === "anvil:drill").reply(200, [])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 55 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(6, (body as Json).body as string));
    await probot.receive({ id: "r", name: "release", payload: { ...release, release: { ...(release.release as Json), tag_name: "v1.0.0", published_at: "2026-11-24T00:00:00Z" } } as never });
    const link = sentWrites().find((w) => w.path === `${R}/issues/5`)?.body as Json;
    expect(link).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(link.body).toContain("- [x] two");
  });
});

describe("nothing is missed past the first page (item 8)", () => {
  it("a push finds the cycle's checklist behind a full page of newer Anvil issues, even when that page holds an open config-problem issue", async () => {
    const problem = issue(900, `${markers.encode("config-problem", { file: "x" })}\nbroken`);
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.page === undefined).reply(200, [problem, ...filler(800, 99)], nextPage(2))
      .patch(`${R}/issues/900`).reply(200, {})
      .get(`${R}/issues`).query((q) => q.page === "2").reply(200, [issue(5, checklist({ pushedAt: PUSHED_AT - 60 }))])
      .post(`${R}/check-runs`).reply(201, { id: 100 })
      .get(`${R}/issues/5`).reply(200, issue(5, checklist({ pushedAt: PUSHED_AT - 60 })))
      .patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({ id: "pages", name: "push", payload: pushPayload() as never });
    expect(sentWrites().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${R}/issues/900`, `POST ${R}/check-runs`, `PATCH ${R}/issues/5`]);
  });

  it("stops reading once the checklist is found: no second page is requested", async () => {
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(5, checklist({ pushedAt: PUSHED_AT + 60 })), ...filler(800, 99)], nextPage(2));
    await probot.receive({ id: "one-page", name: "push", payload: pushPayload() as never });
    expect(sent.filter((request) => request.path === `${R}/issues`)).toHaveLength(1);
    expect(sentWrites()).toEqual([]);
  });

  it("a release finds the cycle's checklist behind a page holding an older release checklist", async () => {
    const oldRelease = issue(700, renderNewChecklist({ markers, state: { type: "release", tag: "v0.9.0" }, template: TEMPLATE }), { created_at: "2026-11-21T00:00:00Z" });
    const release = examplePayload<Json>("release", "published");
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.page === undefined).reply(200, [...filler(800, 99), oldRelease], nextPage(2))
      .get(`${R}/issues`).query((q) => q.page === "2").reply(200, [issue(5, checklist())])
      .get(`${R}/issues/5`).reply(200, issue(5, checklist()))
      .patch(`${R}/issues/5`).reply(200, {})
      .get(`${R}/commits/v1.0.0`).query(true).reply(200, { sha: HEAD })
      .get(`${R}/issues`).query((q) => q.labels === "anvil:drill").reply(200, [])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 55 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(6, (body as Json).body as string));
    await probot.receive({ id: "rp", name: "release", payload: { ...release, release: { ...(release.release as Json), tag_name: "v1.0.0", published_at: "2026-11-24T00:00:00Z" } } as never });
    expect(readChecklistState((sentWrites().find((w) => w.path === `${R}/issues/5`)?.body as Json).body as string, markers)).toMatchObject({ releasedAs: "v1.0.0" });
  });

  it("the note on an incomplete close is found on the second page of comments, and not repeated", async () => {
    const note = `${markers.encode("closed-incomplete", { closedAt: "2026-11-25T11:00:00Z" })}\nnote`;
    const humans = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: "+1", user: { login: "someone" }, created_at: "x" }));
    const closed = examplePayload<Json>("issues", "edited");
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues/5/comments`).query((q) => q.page === undefined).reply(200, humans, { link: `<${API}${R}/issues/5/comments?per_page=100&page=2>; rel="next"` })
      .get(`${R}/issues/5/comments`).query((q) => q.page === "2").reply(200, [{ id: 101, body: note, user: { login: BOT_LOGIN }, created_at: "x" }]);
    await probot.receive({
      id: "k",
      name: "issues",
      payload: { ...closed, action: "closed", issue: { ...(closed.issue as Json), ...issue(5, checklist()), state: "closed", closed_at: "2026-11-25T11:00:00Z" }, sender: { login: "alice", type: "User" } } as never,
    });
    expect(sentWrites()).toEqual([]);
  });
});

describe("checklist markers are authenticated (item 1)", () => {
  const edit = (before: string, after: string, extra: Json = {}) => {
    const payload = examplePayload<Json>("issues", "edited");
    return { ...payload, changes: { body: { from: before } }, issue: { ...(payload.issue as Json), ...issue(5, after), updated_at: "2026-11-25T10:00:00Z", ...extra }, sender: { login: "alice", type: "User" } };
  };

  it("a marker whose check run id was edited by a human is absent: no request, no check run touched", async () => {
    const forged = checklist().replace('"checkRunId":7', '"checkRunId":8');
    expect(forged).not.toBe(checklist());
    await probot.receive({ id: "f1", name: "issues", payload: edit(forged, forged.replace("- [ ] one", "- [x] one")) as never });
    expect(sent).toEqual([]);
  });

  it("a marker whose sha was edited by a human is absent", async () => {
    const forged = checklist().replace(`"sha":"${TRACKED}"`, `"sha":"${"c".repeat(40)}"`);
    expect(forged).not.toBe(checklist());
    await probot.receive({ id: "f2", name: "issues", payload: edit(forged, forged.replace("- [ ] one", "- [x] one")) as never });
    expect(sent).toEqual([]);
  });

  it("a marker edited after the webhook was sent is caught when the issue is re-read: nothing is written", async () => {
    const body = checklist();
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues/5`).reply(200, issue(5, body.replace('"checkRunId":7', '"checkRunId":8')));
    await probot.receive({ id: "f3", name: "issues", payload: edit(body, body.replace("- [ ] one", "- [x] one")) as never });
    expect(sentWrites()).toEqual([]);
  });

  it("a marker signed for another repository, or copied into an issue Anvil did not write, is ignored", async () => {
    const elsewhere = renderNewChecklist({ markers: markersFor(1), state: { type: "pre-release", sha: TRACKED, checkRunId: 7 }, template: TEMPLATE });
    await probot.receive({ id: "c1", name: "issues", payload: edit(elsewhere, elsewhere.replace("- [ ] one", "- [x] one")) as never });
    expect(sent).toEqual([]);

    mockConfig(mockAuth(), OWNER, REPO);
    const copied = checklist();
    const closed = examplePayload<Json>("issues", "edited");
    await probot.receive({
      id: "c2",
      name: "issues",
      payload: { ...closed, action: "closed", issue: { ...(closed.issue as Json), ...issue(5, copied, { user: { login: "mallory", type: "User" } }), state: "closed", closed_at: "2026-11-25T11:00:00Z" }, sender: { login: "mallory", type: "User" } } as never,
    });
    expect(sentWrites()).toEqual([]);
    expect(sent.some((request) => request.path.includes("/comments"))).toBe(false);
  });
});
