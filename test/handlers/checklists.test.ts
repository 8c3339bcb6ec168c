import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderNewChecklist } from "../../src/checklists/render-checklist.js";
import { readChecklistState } from "../../src/checklists/checklist-state.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, githubApi, isIncidentListing, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

const markers = markersFor();

const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
const HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const NEXT = "a".repeat(40);

type Json = Record<string, unknown>;

function pushPayload(overrides: Json = {}): Json {
  const payload = examplePayload<Json>("push", undefined, 4);
  return { ...payload, ...overrides };
}

function issue(number: number, body: string, extra: Json = {}): Json {
  return {
    number,
    node_id: `I_${number}`,
    title: "Pre-release checklist",
    body,
    state: "open",
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
    created_at: "2026-11-20T00:00:00Z",
    labels: [{ name: "release-checklist" }],
    user: { login: BOT_LOGIN, type: "Bot" },
    ...extra,
  };
}

const TEMPLATE = "- [ ] one\n- [ ] two\n  - [ ] nested\n";
const preReleaseBody = (sha = HEAD, template = TEMPLATE, checkRunId = 7) =>
  renderNewChecklist({ markers, state: { type: "pre-release", after: null, branch: "master", sha, checkRunId }, template });

/** The one request for past drills, sent only when a checklist is opened with reminders on. */
const drillLookup = (q: Record<string, unknown>) => q.labels === "anvil:drill";

let probot: Probot;
const recorded = sent;
const writes = sentWrites;

beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  teardownNock();
});

describe("push to the default branch", () => {
  it("creates one pre-release checklist from the default template, with a check run on the pushed commit", async () => {
    const scope = mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [])
      .get(`${R}/issues`).query(drillLookup).reply(200, []) // no drill yet: the new checklist carries the reminder
      .post(`${R}/labels`, (b) => b.name === "release-checklist").reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 99 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(5, (body as Json).body as string));

    await probot.receive({ id: "d1", name: "push", payload: pushPayload() as never });

    expect(scope.isDone()).toBe(true);
    const checkRun = writes().find((w) => w.path.endsWith("/check-runs"))?.body as Json;
    expect(checkRun).toMatchObject({ name: "Release checklist", head_sha: HEAD, status: "in_progress" });
    expect((checkRun.output as Json).title).toBe("0 / 12 items done");
    const created = writes().find((w) => w.path === `${R}/issues`)?.body as Json;
    expect(created.title).toBe("Pre-release checklist");
    expect(created.labels).toEqual(["release-checklist"]);
    expect(created.body).toContain("**Progress: 0 / 12 done**");
    expect(created.body).toContain("`uv run pytest`");
    expect(readChecklistState(created.body as string, markers)).toMatchObject({ type: "pre-release", sha: HEAD, checkRunId: 99 });
  });

  it("moves the existing checklist to the new head, keeping ticked boxes, and starts a check run there", async () => {
    const ticked = preReleaseBody().replace("- [ ] one", "- [x] one");
    const scope = mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN && q.state === "all").reply(200, [issue(5, ticked)])
      .post(`${R}/check-runs`).reply(201, { id: 100 })
      .get(`${R}/issues/5`).reply(200, issue(5, ticked))
      .patch(`${R}/issues/5`).reply(200, (_uri, body) => issue(5, (body as Json).body as string));

    const payload = pushPayload({ after: NEXT, head_commit: { id: NEXT }, commits: [{ id: NEXT, message: "Fix @someone's <b>bug</b>\n\nlong", author: { username: "alice" } }] });
    await probot.receive({ id: "d2", name: "push", payload: payload as never });

    expect(scope.isDone()).toBe(true);
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${R}/check-runs`, `PATCH ${R}/issues/5`]);
    const body = (writes()[1]?.body as Json).body as string;
    expect(body).toContain("- [x] one");
    expect(body).toContain("**Progress: 1 / 3 done**");
    expect(body).toContain("tracking `aaaaaaa`");
    expect(body).toContain("Fix @\u200bsomeone's &lt;b&gt;bug&lt;/b&gt;");
    expect(readChecklistState(body, markers)).toMatchObject({ sha: NEXT, checkRunId: 100 });
    expect((writes()[0]?.body as Json).head_sha).toBe(NEXT);
  });

  it("waits out a secondary rate limit (403 + retry-after) and does not lose the event; a plain 403 is not retried", async () => {
    const scope = mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [])
      .get(`${R}/issues`).query(drillLookup).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "0" })
      .post(`${R}/check-runs`).reply(201, { id: 99 })
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(5, (body as Json).body as string));
    await probot.receive({ id: "s1", name: "push", payload: pushPayload() as never });
    expect(scope.isDone()).toBe(true);
    expect(writes().filter((w) => w.path.endsWith("/check-runs"))).toHaveLength(2);

    recorded.length = 0;
    mockConfig(githubApi(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [])
      .get(`${R}/issues`).query(drillLookup).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(403, { message: "Resource not accessible by integration" });
    await probot.receive({ id: "s2", name: "push", payload: pushPayload({ after: NEXT }) as never }); // logged; the delivery was already acknowledged
    expect(writes().filter((w) => w.path.endsWith("/check-runs"))).toHaveLength(1);
    expect(writes().some((w) => w.path === `${R}/issues`)).toBe(false);
  });

  it("does nothing when the pushed commit is already tracked (a redelivery)", async () => {
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(5, preReleaseBody())]);
    await probot.receive({ id: "d3", name: "push", payload: pushPayload() as never });
    expect(writes()).toEqual([]);
  });

  it("serialises concurrent pushes so only one checklist is created", async () => {
    let created = 0;
    let stored: Json | undefined;
    const scope = mockAuth();
    mockConfig(scope, OWNER, REPO);
    mockConfig(scope, OWNER, REPO);
    scope
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN).times(2).reply(200, () => (stored ? [stored] : []))
      .get(`${R}/issues`).query(drillLookup).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).times(2).reply(201, { id: 1 })
      .get(`${R}/issues/5`).reply(200, () => stored)
      .post(`${R}/issues`).reply(201, (_uri, body) => {
        created++;
        stored = issue(5, (body as Json).body as string);
        return stored;
      })
      .patch(`${R}/issues/5`).reply(200, (_uri, body) => issue(5, (body as Json).body as string));
    await Promise.all([
      probot.receive({ id: "c1", name: "push", payload: pushPayload() as never }),
      probot.receive({ id: "c2", name: "push", payload: pushPayload({ after: NEXT, head_commit: { id: NEXT }, commits: [] }) as never }),
    ]);
    expect(created).toBe(1);
  });

  it("sends no request at all for a tag push, a branch deletion or another branch", async () => {
    await probot.receive({ id: "t1", name: "push", payload: examplePayload("push", undefined, 0) as never });
    await probot.receive({ id: "t2", name: "push", payload: pushPayload({ deleted: true }) as never });
    await probot.receive({ id: "t3", name: "push", payload: pushPayload({ ref: "refs/heads/feature" }) as never });
    expect(recorded).toEqual([]);
  });

  it("ignores pushes by bots unless configured otherwise", async () => {
    mockConfig(mockAuth(), OWNER, REPO);
    await probot.receive({ id: "b1", name: "push", payload: pushPayload({ sender: { login: "dependabot[bot]", type: "Bot" } }) as never });
    expect(writes()).toEqual([]);
    expect(recorded.some((r) => r.path.endsWith("/issues"))).toBe(false);
  });

  it("does nothing when Anvil is disabled for the repository", async () => {
    mockConfig(mockAuth(), OWNER, REPO, "enabled: false\n");
    await probot.receive({ id: "e1", name: "push", payload: pushPayload() as never });
    expect(recorded.filter((r) => r.path.includes("/issues") || r.path.includes("check-runs"))).toEqual([]);
  });

  it("opens one config-problem issue naming the file and key when the config is broken, and none twice", async () => {
    const scope = mockConfig(mockAuth(), OWNER, REPO, "checklists:\n  closeOnComplet: true\n")
      .get(`${R}/issues`).query(true).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(9, (body as Json).body as string));
    await probot.receive({ id: "x1", name: "push", payload: pushPayload() as never });
    expect(scope.isDone()).toBe(true);
    const created = writes().find((w) => w.path === `${R}/issues`)?.body as Json;
    expect(created.title).toMatch(/configuration/i);
    expect(created.body).toContain(`${OWNER}/${REPO}:.github/anvil.yml`);
    expect(created.body).toContain("checklists.closeOnComplet");
    expect(writes().some((w) => w.path.includes("check-runs"))).toBe(false);

    // The same problem again: the open issue is found and left alone.
    recorded.length = 0;
    mockConfig(githubApi(), OWNER, REPO, "checklists:\n  closeOnComplet: true\n")
      .get(`${R}/issues`).query(true).reply(200, [issue(9, created.body as string, { title: created.title })]);
    await probot.receive({ id: "x2", name: "push", payload: pushPayload() as never });
    expect(writes()).toEqual([]);
  });

  it("closes the config-problem issue once the configuration is valid again, within the same list request", async () => {
    const problem = `${markers.encode("config-problem", { file: "x" })}\nbroken`;
    mockConfig(mockAuth(), OWNER, REPO, "enabled: true\n")
      .get(`${R}/issues`).query(true).reply(200, [issue(9, problem), issue(5, preReleaseBody())])
      .patch(`${R}/issues/9`).reply(200, {});
    await probot.receive({ id: "x3", name: "push", payload: pushPayload() as never });
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${R}/issues/9`]);
    expect(writes()[0]?.body).toMatchObject({ state: "closed" });
    expect(recorded.filter((r) => r.path === `${R}/issues`)).toHaveLength(1);
  });

  it("reports invalid YAML without crashing the handler", async () => {
    mockConfig(mockAuth(), OWNER, REPO, "enabled: [unclosed\n")
      .get(`${R}/issues`).query(true).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(9, (body as Json).body as string));
    await probot.receive({ id: "y1", name: "push", payload: pushPayload() as never });
    const created = writes().find((w) => w.path === `${R}/issues`)?.body as Json;
    expect(created.body).toContain("not valid YAML");
  });
});

describe("release published", () => {
  const releasePayload = (overrides: Json = {}) => {
    const payload = examplePayload<Json>("release", "published");
    return { ...payload, release: { ...(payload.release as Json), tag_name: "v0.1.0", published_at: "2026-11-24T00:00:00Z", ...overrides } };
  };

  it("links the cycle's pre-release checklist to the tag and opens the release checklist", async () => {
    const scope = mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [issue(5, preReleaseBody().replace(/- \[ \]/g, "- [x]"))])
      .get(`${R}/issues/5`).reply(200, issue(5, preReleaseBody().replace(/- \[ \]/g, "- [x]")))
      .patch(`${R}/issues/5`).reply(200, {})
      .get(`${R}/commits/v0.1.0`).query(true).reply(200, { sha: HEAD })
      .get(`${R}/issues`).query(drillLookup).reply(200, [])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, [])
      .post(`${R}/check-runs`).reply(201, { id: 55 })
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(6, (body as Json).body as string));
    await probot.receive({ id: "r1", name: "release", payload: releasePayload() as never });
    expect(scope.isDone()).toBe(true);
    const link = writes().find((w) => w.path === `${R}/issues/5`)?.body as Json;
    expect(link).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(readChecklistState(link.body as string, markers)).toMatchObject({ releasedAs: "v0.1.0", completeAtRelease: true });
    const created = writes().find((w) => w.path === `${R}/issues`)?.body as Json;
    expect(created.title).toBe("Release checklist for v0.1.0");
    expect(created.body).toContain("--tag v0.1.0");
    expect(readChecklistState(created.body as string, markers)).toMatchObject({ type: "release", tag: "v0.1.0", sha: HEAD, checkRunId: 55 });
  });

  it("records an incomplete checklist as shipped incomplete", async () => {
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues`).query(true).reply(200, [issue(5, preReleaseBody())])
      .get(`${R}/issues/5`).reply(200, issue(5, preReleaseBody()))
      .patch(`${R}/issues/5`).reply(200, {})
      .get(`${R}/commits/v0.1.0`).query(true).reply(200, { sha: HEAD })
      .get(`${R}/issues`).query(drillLookup).reply(200, [])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, [])
      .post(`${R}/check-runs`).reply(201, { id: 55 })
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(6, (body as Json).body as string));
    await probot.receive({ id: "r2", name: "release", payload: releasePayload() as never });
    const link = writes().find((w) => w.path === `${R}/issues/5`)?.body as Json;
    expect(link.state_reason).toBe("not_planned");
    expect(link.body).toContain("shipped as `v0.1.0` ⚠️ before this checklist was complete");
  });

  it("changes nothing when the release checklist for the tag exists (redelivery, other actions)", async () => {
    const linked = renderNewChecklist({ markers, state: { type: "pre-release", after: null, sha: HEAD, releasedAs: "v0.1.0" }, template: TEMPLATE });
    const existing = renderNewChecklist({ markers, state: { type: "release", tag: "v0.1.0" }, template: TEMPLATE });
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues`).query(true).reply(200, [issue(6, existing), issue(5, linked)])
      .get(`${R}/issues`).query(isIncidentListing).reply(200, []);
    await probot.receive({ id: "r3", name: "release", payload: releasePayload() as never });
    expect(writes()).toEqual([]);
  });

  it("ignores drafts without a request, and pre-releases by default", async () => {
    await probot.receive({ id: "r4", name: "release", payload: releasePayload({ draft: true }) as never });
    expect(recorded).toEqual([]);
    mockConfig(mockAuth(), OWNER, REPO);
    await probot.receive({ id: "r5", name: "release", payload: releasePayload({ prerelease: true }) as never });
    expect(writes()).toEqual([]);
  });
});

describe("tracking checkboxes", () => {
  const editedPayload = (before: string, after: string, extra: Json = {}) => {
    const payload = examplePayload<Json>("issues", "edited");
    return {
      ...payload,
      changes: { body: { from: before } },
      issue: { ...(payload.issue as Json), ...issue(5, after), updated_at: "2026-11-25T10:00:00Z", ...extra },
      sender: { login: "alice", type: "User" },
    };
  };

  it("ticking a box re-reads the issue, then updates the check run, the progress line and the audit", async () => {
    const before = preReleaseBody();
    const after = before.replace("- [ ] one", "- [x] one");
    const scope = mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues/5`).reply(200, issue(5, after))
      .patch(`${R}/check-runs/7`).reply(200, {})
      .patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({ id: "e1", name: "issues", payload: editedPayload(before, after) as never });
    expect(scope.isDone()).toBe(true);
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${R}/check-runs/7`, `PATCH ${R}/issues/5`]);
    expect(writes()[0]?.body).toMatchObject({ status: "in_progress", output: { title: "1 / 3 items done" } });
    expect(((writes()[0]?.body as Json).output as Json).summary).toContain("- two");
    const body = (writes()[1]?.body as Json).body as string;
    expect(body).toContain("**Progress: 1 / 3 done**");
    expect(body).toMatch(/2026-11-25 10:00:00 UTC — alice ticked “one”/);
    expect(writes()[1]?.body).not.toHaveProperty("state");
  });

  it("ticking the last box succeeds the check run and closes the issue", async () => {
    const before = preReleaseBody().replace("- [ ] one", "- [x] one").replace("- [ ] two", "- [x] two");
    const after = before.replace("- [ ] nested", "- [x] nested");
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues/5`).reply(200, issue(5, after)).patch(`${R}/check-runs/7`).reply(200, {}).patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({ id: "e2", name: "issues", payload: editedPayload(before, after) as never });
    expect(writes()[0]?.body).toMatchObject({ status: "completed", conclusion: "success" });
    expect(writes()[1]?.body).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(readChecklistState((writes()[1]?.body as Json).body as string, markers)?.checkRunComplete).toBe(true);
  });

  it("unticking a box on a closed, complete checklist reopens it with a new check run", async () => {
    const complete = renderNewChecklist({ markers, state: { type: "pre-release", after: null, sha: HEAD, checkRunId: 7, checkRunComplete: true }, template: TEMPLATE.replace(/\[ \]/g, "[x]") });
    const after = complete.replace("- [x] two", "- [ ] two");
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues/5`).reply(200, issue(5, after, { state: "closed", closed_at: "2026-11-25T09:00:00Z" }))
      .post(`${R}/check-runs`).reply(201, { id: 8 })
      .patch(`${R}/issues/5`).reply(200, {});
    await probot.receive({ id: "e3", name: "issues", payload: editedPayload(complete, after, { state: "closed" }) as never });
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${R}/check-runs`, `PATCH ${R}/issues/5`]);
    expect(writes()[0]?.body).toMatchObject({ head_sha: HEAD, status: "in_progress" });
    expect(writes()[1]?.body).toMatchObject({ state: "open", state_reason: "reopened" });
    expect(readChecklistState((writes()[1]?.body as Json).body as string, markers)).toMatchObject({ checkRunId: 8, checkRunComplete: false });
  });

  it("ignores its own edits and other bots' without a single request", async () => {
    const before = preReleaseBody();
    const payload = { ...editedPayload(before, before.replace("- [ ] one", "- [x] one")), sender: { login: BOT_LOGIN, type: "Bot" } };
    await probot.receive({ id: "e4", name: "issues", payload: payload as never });
    expect(recorded).toEqual([]);
  });

  it("ignores issues without Anvil's marker, and markers in issues Anvil did not write", async () => {
    await probot.receive({ id: "e5", name: "issues", payload: editedPayload("- [ ] a", "- [x] a") as never });
    expect(recorded).toEqual([]);
    mockConfig(mockAuth(), OWNER, REPO);
    const before = preReleaseBody();
    const forged = editedPayload(before, before.replace("- [ ] one", "- [x] one"), { user: { login: "mallory", type: "User" } });
    await probot.receive({ id: "e6", name: "issues", payload: forged as never });
    expect(writes()).toEqual([]);
  });

  it("an edit that changes no box (title, typo in prose) writes nothing", async () => {
    const before = preReleaseBody();
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues/5`).reply(200, issue(5, `${before}\nA note from a human.\n`));
    await probot.receive({ id: "e7", name: "issues", payload: editedPayload(before, `${before}\nA note from a human.\n`) as never });
    expect(writes()).toEqual([]);
  });
});

describe("a human closes an incomplete checklist", () => {
  const closedPayload = (body: string) => {
    const payload = examplePayload<Json>("issues", "edited");
    return { ...payload, action: "closed", issue: { ...(payload.issue as Json), ...issue(5, body), state: "closed", closed_at: "2026-11-25T11:00:00Z" }, sender: { login: "alice", type: "User" } };
  };

  it("leaves one note listing what was left", async () => {
    mockConfig(mockAuth(), OWNER, REPO)
      .get(`${R}/issues/5/comments`).query(true).reply(200, [])
      .post(`${R}/issues/5/comments`).reply(201, { id: 1, html_url: "x" });
    await probot.receive({ id: "k1", name: "issues", payload: closedPayload(preReleaseBody().replace("- [ ] one", "- [x] one")) as never });
    const note = (writes()[0]?.body as Json).body as string;
    expect(note).toContain("closed by alice with 2 of 3 items not ticked");
    expect(note).toContain("- two");
    expect(note).not.toContain("- one");
  });

  it("does not repeat the note on redelivery, and says nothing for a complete checklist", async () => {
    const note = `${markers.encode("closed-incomplete", { closedAt: "2026-11-25T11:00:00Z" })}\nnote`;
    mockConfig(mockAuth(), OWNER, REPO).get(`${R}/issues/5/comments`).query(true).reply(200, [{ id: 1, body: note, user: { login: BOT_LOGIN }, created_at: "x" }]);
    await probot.receive({ id: "k2", name: "issues", payload: closedPayload(preReleaseBody()) as never });
    expect(writes()).toEqual([]);
    recorded.length = 0;
    await probot.receive({ id: "k3", name: "issues", payload: closedPayload(preReleaseBody().replace(/- \[ \]/g, "- [x]")) as never });
    expect(recorded).toEqual([]);
  });
});
