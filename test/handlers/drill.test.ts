import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DRILL_MARKER, DRILL_STATUS_MARKER, drillStateSchema, type DrillState } from "../../src/rollback/drill.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, githubApi, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

const markers = markersFor();

const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
const SHA = "c0ffee".padEnd(40, "0");
const HEAD = "feed".padEnd(40, "1");
const DRILL_RELEASE_ID = 50;
type Json = Record<string, unknown>;

/** A small stateful GitHub for one repository (persisted nock interceptors), enough for a drill. */
interface World {
  role: Record<string, string>;
  releases: Json[];
  tags: Record<string, string>;
  comments: Json[];
  issues: Json[];
  pinned: Array<{ id: string; number: number; author: string; body: string }>;
  advisories: Json[];
  dispatches: Json[];
  files: Record<string, string>;
  /** `"METHOD path-regex"` → how many times to answer 403 (a missing permission). */
  forbid: Record<string, number>;
  /** Every status comment body saved, with a copy of the world at that moment (to replay an interruption). */
  history: Array<{ status: string; world: World }>;
}

function release(id: number, tag: string, extra: Json = {}): Json {
  return {
    id, tag_name: tag, name: `Hello ${tag}`, body: "Notes", draft: false, prerelease: false, immutable: false,
    target_commitish: "main", created_at: "2026-11-01T00:00:00Z", published_at: "2026-11-01T00:00:00Z", html_url: `https://x/${tag}`,
    author: { login: "Codertocat" }, assets: [],
    ...extra,
  };
}

function newWorld(): World {
  return {
    role: { Codertocat: "admin", visitor: "read" },
    releases: [release(3, "v0.1.0"), release(2, "v0.0.9"), release(1, "v0.0.8")],
    tags: { "v0.1.0": SHA, "v0.0.9": SHA, "v0.0.8": SHA },
    comments: [],
    issues: [],
    pinned: [],
    advisories: [],
    dispatches: [],
    files: { "pyproject.toml": '[project]\nname = "hello"\nversion = "0.1.0"\n' },
    forbid: {},
    history: [],
  };
}

const copy = (world: World): World => ({ ...structuredClone({ ...world, history: [] }), history: [] });

function forbidden(world: World, method: string, path: string): boolean {
  const key = Object.keys(world.forbid).find((candidate) => {
    const [m, pattern] = candidate.split(" ");
    return m === method && new RegExp(pattern ?? "").test(path) && (world.forbid[candidate] ?? 0) > 0;
  });
  if (key === undefined) return false;
  world.forbid[key] = (world.forbid[key] ?? 0) - 1;
  return true;
}

const notFound = [404, { message: "Not Found" }] as const;
const denied = [403, { message: "Resource not accessible by integration" }] as const;

function serve(world: World, config = "") {
  const api = githubApi().persist();
  mockConfig(mockAuth(api), OWNER, REPO, `readmeBanner:\n  enabled: false\n${config}`);
  api
    .get(new RegExp(`^${R}/collaborators/[^/]+/permission`)).reply((uri) => {
      const user = decodeURIComponent(uri.split("/")[5] ?? "");
      const role = world.role[user];
      return role ? [200, { permission: role, role_name: role, user: { login: user } }] : notFound;
    })
    .get(`${R}/issues/1/comments`).query(true).reply(() => [200, world.comments])
    .post(`${R}/issues/1/comments`).reply((_uri, body) => {
      const comment = { id: 9000 + world.comments.length, body: (body as Json).body, user: { login: BOT_LOGIN, type: "Bot" }, created_at: new Date().toISOString(), html_url: "https://x/c" };
      world.comments.push(comment);
      return [201, comment];
    })
    .patch(/\/issues\/comments\/\d+$/).reply((uri, body) => {
      const comment = world.comments.find((c) => uri.endsWith(`/${String(c.id)}`));
      if (comment) comment.body = (body as Json).body;
      world.history.push({ status: String((body as Json).body), world: copy(world) });
      return [200, comment ?? {}];
    })
    .post(/\/issues\/comments\/\d+\/reactions$/).reply(201, {})
    .get(R).reply(200, { id: 186853002, name: REPO, full_name: `${OWNER}/${REPO}`, default_branch: "main", owner: { login: OWNER } })
    .get(`${R}/git/ref/heads%2Fmain`).reply(200, { ref: "refs/heads/main", object: { sha: HEAD, type: "commit" } })
    .get(`${R}/releases`).query(true).reply(() => [200, world.releases])
    .get(`${R}/releases/latest`).reply(() => {
      const latest = world.releases.find((r) => r.make_latest === "true") ?? world.releases.find((r) => !r.prerelease && !r.draft);
      return latest ? [200, latest] : notFound;
    })
    .get(/\/releases\/tags\//).reply((uri) => {
      const found = world.releases.find((r) => r.tag_name === decodeURIComponent(uri.split("/tags/")[1] ?? ""));
      return found ? [200, found] : notFound;
    })
    .get(/\/releases\/\d+$/).reply((uri) => {
      const found = world.releases.find((r) => uri.endsWith(`/${String(r.id)}`));
      return found ? [200, found] : notFound;
    })
    .post(`${R}/releases`).reply((_uri, body) => {
      const b = body as Json;
      const created = release(DRILL_RELEASE_ID, String(b.tag_name), { name: b.name, body: b.body, prerelease: b.prerelease, target_commitish: b.target_commitish, author: { login: BOT_LOGIN } });
      world.releases.unshift(created);
      world.tags[String(b.tag_name)] = String(b.target_commitish);
      return [201, created];
    })
    .delete(/\/releases\/\d+$/).reply((uri) => {
      if (forbidden(world, "DELETE", uri)) return denied;
      const id = Number(uri.split("/").pop());
      const before = world.releases.length;
      world.releases = world.releases.filter((r) => r.id !== id);
      return before === world.releases.length ? notFound : [204, ""];
    })
    .patch(/\/releases\/\d+$/).reply((uri, body) => {
      const found = world.releases.find((r) => uri.endsWith(`/${String(r.id)}`));
      if ((body as Json).make_latest === "true") for (const other of world.releases) delete other.make_latest; // one Latest
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .get(/\/git\/ref\/tags%2F/).reply((uri) => {
      const tag = decodeURIComponent(uri.split("/git/ref/")[1] ?? "").replace(/^tags\//, "");
      const sha = world.tags[tag];
      return sha ? [200, { ref: `refs/tags/${tag}`, object: { sha, type: "commit" } }] : notFound;
    })
    .delete(/\/git\/refs\/tags%2F/).reply((uri) => {
      const tag = decodeURIComponent(uri.split("/git/refs/")[1] ?? "").replace(/^tags\//, "");
      if (!world.tags[tag]) return [422, { message: "Reference does not exist" }];
      delete world.tags[tag];
      return [204, ""];
    })
    .get(`${R}/issues`).query(true).reply(() => [200, world.issues])
    .post(`${R}/labels`).reply((uri) => (forbidden(world, "POST", uri) ? denied : [201, {}]))
    .post(/\/issues\/\d+\/labels$/).reply((uri, body) => {
      const found = world.issues.find((i) => uri.endsWith(`/${String(i.number)}/labels`));
      if (found) found.labels = [...(found.labels as Json[]), ...((body as Json).labels as string[]).map((name) => ({ name }))];
      return [200, found?.labels ?? []];
    })
    .post(`${R}/issues`).reply((_uri, body) => {
      const b = body as Json;
      const number = 100 + world.issues.length;
      const issue = { number, node_id: `I_${number}`, title: b.title, body: b.body, state: "open", html_url: `https://x/issues/${number}`, created_at: new Date().toISOString(), labels: (b.labels as string[]).map((name) => ({ name })), user: { login: BOT_LOGIN, type: "Bot" } };
      world.issues.unshift(issue);
      return [201, issue];
    })
    .get(/\/issues\/\d+$/).reply((uri) => [200, world.issues.find((i) => uri.endsWith(`/${String(i.number)}`)) ?? {}])
    .patch(/\/issues\/\d+$/).reply((uri, body) => {
      const found = world.issues.find((i) => uri.endsWith(`/${String(i.number)}`));
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .post("/graphql").reply((_uri, body) => {
      const { query, variables } = body as { query: string; variables: Json };
      if (query.includes("pinnedIssues")) return [200, { data: { repository: { pinnedIssues: { nodes: world.pinned.map((p) => ({ issue: { id: p.id, number: p.number, author: { login: p.author }, body: p.body } })) } } } }];
      const issue = world.issues.find((i) => i.node_id === variables.issueId);
      if (query.includes("unpinIssue")) world.pinned = world.pinned.filter((p) => p.id !== variables.issueId);
      else world.pinned.push({ id: String(variables.issueId), number: Number(issue?.number), author: BOT_LOGIN, body: String(issue?.body ?? "") });
      return [200, { data: { pinIssue: { issue: { id: variables.issueId } } } }];
    })
    .get(`${R}/security-advisories`).query(true).reply(() => [200, world.advisories])
    .post(`${R}/security-advisories`).reply((uri, body) => {
      if (forbidden(world, "POST", uri)) return denied;
      const advisory = { ghsa_id: `GHSA-xxxx-${world.advisories.length}`, html_url: "https://x/adv", summary: (body as Json).summary, description: (body as Json).description, state: "draft" };
      world.advisories.push(advisory);
      return [201, advisory];
    })
    .patch(/\/security-advisories\/GHSA-[\w-]+$/).reply((uri, body) => {
      const found = world.advisories.find((a) => uri.endsWith(`/${String(a.ghsa_id)}`));
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .post(`${R}/dispatches`).reply((uri, body) => {
      if (forbidden(world, "POST", uri)) return denied;
      world.dispatches.push(body as Json);
      return [204, ""];
    })
    .get(/\/contents\/(?!\.github)/).reply((uri) => {
      const path = decodeURIComponent(uri.split("/contents/")[1]?.split("?")[0] ?? "");
      const content = world.files[path];
      return content === undefined ? notFound : [200, content];
    });
  return api;
}

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  nock.cleanAll(); // the fake GitHub is persisted: not every route is used by every test
  teardownNock();
});

let commentId = 5000;
function comment(body: string, login = "Codertocat", type = "User", id = ++commentId): Json {
  const payload = examplePayload<Json>("issue_comment", "created");
  return { ...payload, comment: { ...(payload.comment as Json), id, body, user: { login, type } }, sender: { login, type } };
}
const deliver = (payload: Json, delivery = `d${String((payload.comment as Json).id)}-${Math.random()}`) => probot.receive({ id: delivery, name: "issue_comment", payload: payload as never });
const writes = () => sentWrites().map((w) => `${w.method} ${w.path}`);
const stateOf = (world: World): DrillState | undefined => {
  const last = [...world.comments].reverse().find((c) => markers.find(String(c.body), DRILL_STATUS_MARKER));
  return last ? drillStateSchema.parse(markers.find(String(last.body), DRILL_STATUS_MARKER)) : undefined;
};
const TAG = "v0.1.1-drill.1";

/** Nothing a drill sends may change a real release, a real tag or any branch: the safety property. */
function expectNothingRealTouched(): void {
  const touching = sentWrites().filter((w) =>
    (/\/releases\/\d+$/.test(w.path) && !w.path.endsWith(`/releases/${DRILL_RELEASE_ID}`)) ||
    (/\/git\/refs\//.test(w.path) && !/\/git\/refs\/tags\/v?\d+\.\d+\.\d+-drill\.\d+$/.test(w.path)) ||
    /\/contents\//.test(w.path) ||
    /\/merges$|\/pulls\/\d+\/merge$/.test(w.path),
  );
  expect(touching).toEqual([]);
}

describe("/anvil drill", () => {
  it("runs the default (critical) rollback on its own pre-release, reads each effect back, cleans up everything: the exact writes", async () => {
    const world = newWorld();
    serve(world);
    const payload = comment("Practice time.\n/anvil drill");
    await deliver(payload);
    const id = String(commentId);
    expect(writes()).toEqual([
      `POST ${R}/issues/comments/${id}/reactions`, // 👀
      `POST ${R}/issues/1/comments`, // the status comment: plan, before anything changes
      `POST ${R}/releases`, // create-release
      `PATCH ${R}/issues/comments/9000`,
      `POST ${R}/labels`, // record: the incident
      `POST ${R}/issues`,
      `PATCH ${R}/issues/100`, // the drill marker
      `POST ${R}/labels`, // anvil:drill
      `POST ${R}/issues/100/labels`,
      `PATCH ${R}/issues/comments/9000`,
      `DELETE ${R}/releases/${DRILL_RELEASE_ID}`, // delete-release
      `PATCH ${R}/issues/comments/9000`,
      `DELETE ${R}/git/refs/tags/${TAG}`, // delete-tag
      `PATCH ${R}/issues/comments/9000`,
      `POST ${R}/labels`, // announce
      `POST ${R}/issues`,
      `PATCH ${R}/issues/comments/9000`,
      `POST /graphql`, // pin: room without unpinning? then the saga's step (the pinned issues, the pin), read back
      `POST /graphql`,
      `POST /graphql`,
      `POST /graphql`,
      `PATCH ${R}/issues/comments/9000`,
      `POST ${R}/security-advisories`, // advisory
      `PATCH ${R}/issues/comments/9000`,
      `PATCH ${R}/issues/comments/9000`, // retag-check
      `PATCH ${R}/issues/100`, // incident
      `PATCH ${R}/issues/comments/9000`,
      `POST ${R}/dispatches`, // dispatch
      `PATCH ${R}/issues/comments/9000`,
      `PATCH ${R}/issues/comments/9000`, // verify
      `POST /graphql`, // verify: (GET releases/latest) — unpin-announcement: the pinned issues, the unpin, read back
      `POST /graphql`,
      `POST /graphql`,
      `PATCH ${R}/issues/comments/9000`,
      `PATCH ${R}/issues/101`, // close-announcement
      `PATCH ${R}/issues/comments/9000`,
      `PATCH ${R}/security-advisories/GHSA-xxxx-0`, // close-advisory
      `PATCH ${R}/issues/comments/9000`,
      `DELETE ${R}/releases/${DRILL_RELEASE_ID}`, // remove-release: gone already (a failed delete-release would have left it)
      `PATCH ${R}/issues/comments/9000`,
      `DELETE ${R}/git/refs/tags/${TAG}`, // remove-tag: gone already
      `PATCH ${R}/issues/comments/9000`,
      `PATCH ${R}/issues/100`, // close-incident, with the report
      `PATCH ${R}/issues/comments/9000`, // the report
      `POST ${R}/issues/comments/${id}/reactions`, // 🚀
    ]);
    const create = sent.find((s) => s.method === "POST" && s.path === `${R}/releases`);
    expect(create?.body).toEqual({ tag_name: TAG, target_commitish: HEAD, name: `[DRILL] ${TAG}`, body: expect.stringContaining("This is a rollback drill."), draft: false, prerelease: true, make_latest: "false" });
    expectNothingRealTouched();

    // What is left: the real releases and tags as they were, the drill's artefacts closed or gone.
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(Object.keys(world.tags)).toEqual(["v0.1.0", "v0.0.9", "v0.0.8"]);
    expect(world.pinned).toEqual([]);
    expect(world.advisories).toEqual([expect.objectContaining({ state: "closed", summary: expect.stringMatching(/^\[DRILL\] v0\.1\.1-drill\.1 revoked/), description: expect.stringContaining("This is a rollback drill.") })]);
    const [incident, announcement] = [world.issues.find((i) => i.number === 100), world.issues.find((i) => i.number === 101)];
    expect(announcement).toMatchObject({ state: "closed", title: `[DRILL] [SECURITY] ${TAG} has been revoked: use v0.1.0` });
    expect(String(announcement?.body)).toContain("This is a rollback drill.");
    expect(incident).toMatchObject({ state: "closed", title: `[DRILL] Incident: ${TAG} revoked (critical)` });
    expect((incident?.labels as Json[]).map((label) => label.name)).toEqual(["incident", "anvil:drill"]);
    const record = markers.find(String(incident?.body), DRILL_MARKER);
    expect(record).toMatchObject({ tag: TAG, severity: "critical", actor: "Codertocat", clean: true, finishedAt: expect.any(String) });
    expect(String(incident?.body)).toContain("✅ Every step worked and was cleaned up.");
    expect(world.dispatches).toEqual([{ event_type: "anvil-drill", client_payload: expect.objectContaining({ tag: TAG, version_to_use: "v0.1.0", drill: true, actor: "Codertocat", incident_url: "https://x/issues/100", announcement_url: "https://x/issues/101" }) }]);

    // The one status comment: the report, every step ✅ and read back where there is something to read.
    const state = stateOf(world);
    expect(state?.phase).toBe("done");
    expect(state?.runs.map((run) => `${run.step}:${run.status}:${String(run.verified)}`)).toEqual([
      "create-release:done:true", "record:done:true", "delete-release:done:true", "delete-tag:done:true", "announce:done:true", "pin:done:true", "advisory:done:true",
      "retag-check:done:undefined", "incident:done:true", "dispatch:done:undefined", "verify:done:true",
      "unpin-announcement:done:true", "close-announcement:done:true", "close-advisory:done:true", "remove-release:done:true", "remove-tag:done:true", "close-incident:done:true",
    ]);
    expect(String(world.comments[0]?.body)).toContain(`### Rollback drill \`${TAG}\` finished`);
    expect(world.comments).toHaveLength(1);
  });

  it("--dry-run replies with the plan and changes nothing else", async () => {
    const world = newWorld();
    serve(world);
    await deliver(comment("/anvil drill --dry-run"));
    expect(writes()).toEqual([`POST ${R}/issues/comments/${commentId}/reactions`, `POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toContain(`### Rollback drill \`${TAG}\` — dry run: nothing has been changed`);
    expect(stateOf(world)?.phase).toBe("dry-run");
    // Redelivered: not even a second reply.
    await deliver(comment("/anvil drill --dry-run", "Codertocat", "User", commentId));
    expect(world.comments).toHaveLength(1);
  });

  it("a redelivered command (same comment id) starts no second drill", async () => {
    const world = newWorld();
    serve(world);
    const payload = comment("/anvil drill");
    await deliver(payload, "first");
    const count = sent.length;
    await deliver(payload, "second");
    expect(sentWrites().filter((w) => w.method === "POST" && w.path === `${R}/releases`)).toHaveLength(1);
    expect(sent.slice(count).filter((s) => s.method !== "GET" && !s.path.endsWith("/access_tokens"))).toEqual([]);
    expect(world.comments).toHaveLength(1);
  });

  it("an interrupted drill, redelivered, resumes where it stopped: nothing twice, everything cleaned up", async () => {
    // Run a drill once to capture the moment right after the announcement was opened, but before its status was saved.
    const first = newWorld();
    serve(first);
    const payload = comment("/anvil drill");
    await deliver(payload, "original");
    const afterDeleteTag = first.history.find((entry) => drillStateSchema.parse(markers.find(entry.status, DRILL_STATUS_MARKER)).runs.at(-1)?.step === "delete-tag");
    const afterAnnounce = first.history.find((entry) => drillStateSchema.parse(markers.find(entry.status, DRILL_STATUS_MARKER)).runs.at(-1)?.step === "announce");
    expect(afterDeleteTag && afterAnnounce).toBeTruthy();
    nock.cleanAll();
    sent.length = 0;

    // The crash: the world as it was after `announce`, the status comment as saved before it.
    const world = afterAnnounce!.world;
    (world.comments[0] as Json).body = afterDeleteTag!.status;
    world.history = [];
    serve(world);
    await deliver(payload, "redelivered");
    expect(writes().filter((w) => w === `POST ${R}/issues` || w === `POST ${R}/releases`)).toEqual([]); // no second incident, announcement or release
    expect(world.issues).toHaveLength(2);
    expect(world.issues.every((issue) => issue.state === "closed")).toBe(true);
    expect(world.advisories).toEqual([expect.objectContaining({ state: "closed" })]);
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(Object.keys(world.tags)).toEqual(["v0.1.0", "v0.0.9", "v0.0.8"]);
    const state = stateOf(world);
    expect(state?.phase).toBe("done");
    expect(state?.runs.map((run) => run.step).filter((step) => step === "announce")).toHaveLength(1);
    expect(state?.runs.find((run) => run.step === "announce")?.detail).toContain("#101");
    expectNothingRealTouched();
  });

  it("a missing permission fails its step (❌ with the reason), and the cleanup still runs", async () => {
    const world = newWorld();
    world.forbid[`POST ^${R}/dispatches$`] = 1;
    serve(world);
    await deliver(comment("/anvil drill"));
    const state = stateOf(world);
    const dispatch = state?.runs.find((run) => run.step === "dispatch");
    expect(dispatch).toMatchObject({ status: "failed", detail: expect.stringContaining("refused the repository_dispatch event") });
    expect(state?.runs.filter((run) => run.step !== "dispatch" && run.status === "failed")).toEqual([]);
    expect(state?.phase).toBe("done");
    const report = String(world.comments[0]?.body);
    expect(report).toContain("❌ 1 step(s) failed");
    expect(report).toMatch(/\| Send the `anvil-drill` repository_dispatch event \| [\d.]+ m?s \| ❌ GitHub refused/);
    // Cleaned up all the same.
    expect(world.issues.every((issue) => issue.state === "closed")).toBe(true);
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(markers.find(String(world.issues.find((i) => i.number === 100)?.body), DRILL_MARKER)).toMatchObject({ clean: true });
    expectNothingRealTouched();
  });

  it("a failing rollback step stops the rollback part as a real rollback would; the steps after it are not run, the cleanup is", async () => {
    const world = newWorld();
    world.forbid[`POST ^${R}/labels$`] = 1; // the incident's label: \`record\` fails
    serve(world);
    await deliver(comment("/anvil drill"));
    const state = stateOf(world);
    expect(state?.runs.map((run) => `${run.step}:${run.status}`)).toEqual([
      "create-release:done", "record:failed", "delete-release:skipped", "delete-tag:skipped", "announce:skipped", "pin:skipped", "advisory:skipped", "retag-check:skipped", "incident:skipped", "dispatch:skipped",
      "verify:done", "unpin-announcement:done", "close-announcement:done", "close-advisory:done", "remove-release:done", "remove-tag:done", "close-incident:done",
    ]);
    expect(state?.runs.find((run) => run.step === "record")?.detail).toContain("HTTP 403");
    expect(String(world.comments[0]?.body)).toContain("❌ 1 step(s) failed");
    expect(world.issues).toEqual([]);
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(Object.keys(world.tags)).toEqual(["v0.1.0", "v0.0.9", "v0.0.8"]);
    expect(sentWrites().filter((w) => w.method === "DELETE").map((w) => w.path)).toEqual([`${R}/releases/${DRILL_RELEASE_ID}`, `${R}/git/refs/tags/${TAG}`]);
    expectNothingRealTouched();
  });

  it("a second drill takes the next number: it never finds (and reuses) the first drill's issues, advisory or dispatch", async () => {
    const world = newWorld();
    serve(world);
    await deliver(comment("/anvil drill"));
    expect(stateOf(world)?.plan.tag).toBe(TAG);
    // The first drill's release and tag are gone: only its signed record says v0.1.1-drill.1 was used.
    expect(world.releases.map((r) => r.tag_name)).toEqual(["v0.1.0", "v0.0.9", "v0.0.8"]);
    await deliver(comment("/anvil drill"));
    const second = stateOf(world);
    expect(second?.plan.tag).toBe("v0.1.1-drill.2");
    expect(second?.phase).toBe("done");
    expect(world.issues.map((issue) => issue.title)).toEqual([
      "[DRILL] [SECURITY] v0.1.1-drill.2 has been revoked: use v0.1.0", "[DRILL] Incident: v0.1.1-drill.2 revoked (critical)",
      `[DRILL] [SECURITY] ${TAG} has been revoked: use v0.1.0`, `[DRILL] Incident: ${TAG} revoked (critical)`,
    ]);
    expect(world.issues.every((issue) => issue.state === "closed")).toBe(true);
    expect(world.advisories.map((advisory) => [advisory.summary, advisory.state])).toEqual([[expect.stringContaining(TAG), "closed"], [expect.stringContaining("v0.1.1-drill.2"), "closed"]]);
    expect(world.dispatches.map((dispatch) => (dispatch.client_payload as Json).tag)).toEqual([TAG, "v0.1.1-drill.2"]);
    expect(world.comments).toHaveLength(2);
    expectNothingRealTouched();
  });

  it("a high default revokes the drill release in place (never a real one); Latest is left alone", async () => {
    const world = newWorld();
    serve(world, "rollback:\n  defaultSeverity: high\n");
    await deliver(comment("/anvil drill"));
    const state = stateOf(world);
    expect(state?.runs.map((run) => `${run.step}:${run.status}`)).toEqual([
      "create-release:done", "record:done", "revoke-in-place:done", "make-latest:done", "announce:done", "pin:done", "incident:done", "dispatch:done", "verify:done",
      "unpin-announcement:done", "close-announcement:done", "remove-release:done", "remove-tag:done", "restore-latest:done", "close-incident:done",
    ]);
    expect(state?.runs.every((run) => run.verified !== false)).toBe(true);
    expect(sentWrites().filter((w) => /\/releases\/\d+$/.test(w.path)).map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${R}/releases/${DRILL_RELEASE_ID}`, `DELETE ${R}/releases/${DRILL_RELEASE_ID}`]);
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expectNothingRealTouched();
  });

  it("a drill is based on the Latest release (not the newest): its last known good is Latest already, so no real release is written", async () => {
    const world = newWorld();
    world.releases[1] = { ...world.releases[1], make_latest: "true" }; // v0.0.9 is Latest, not the newest v0.1.0
    serve(world, "rollback:\n  defaultSeverity: high\n");
    await deliver(comment("/anvil drill"));
    const state = stateOf(world);
    expect(state?.plan).toMatchObject({ tag: "v0.0.10-drill.1", good: "v0.0.9" });
    expect(state?.runs.find((run) => run.step === "make-latest")).toMatchObject({ status: "done", detail: "`v0.0.9` is Latest", verified: true });
    expect(state?.runs.find((run) => run.step === "restore-latest")).toMatchObject({ status: "done", detail: "Latest is still `v0.0.9`" });
    expect(world.releases.find((r) => r.make_latest === "true")?.tag_name).toBe("v0.0.9");
    expectNothingRealTouched();
  });

  it("never unpins a real announcement to make room for its own: with three issues pinned, the drill's is not pinned", async () => {
    const world = newWorld();
    const realAnnouncement = `${markers.encode("rollback-announcement", { tag: "v0.0.5" })}\n## v0.0.5 has been revoked`;
    world.pinned = [
      { id: "I_real", number: 7, author: BOT_LOGIN, body: realAnnouncement },
      { id: "I_rules", number: 8, author: "Codertocat", body: "Rules" },
      { id: "I_faq", number: 9, author: "Codertocat", body: "FAQ" },
    ];
    serve(world);
    await deliver(comment("/anvil drill"));
    const state = stateOf(world);
    expect(state?.runs.find((run) => run.step === "pin")).toMatchObject({ status: "skipped", detail: expect.stringContaining("a drill never unpins a real announcement") });
    expect(state?.runs.find((run) => run.step === "unpin-announcement")).toMatchObject({ status: "done", detail: "was not pinned" });
    expect(world.pinned.map((issue) => issue.id)).toEqual(["I_real", "I_rules", "I_faq"]);
    const mutations = sent.filter((s) => s.path === "/graphql" && /pinIssue|unpinIssue/.test(JSON.stringify(s.body)) && !JSON.stringify(s.body).includes("pinnedIssues"));
    expect(mutations).toEqual([]);
    expect(state?.phase).toBe("done");
    expectNothingRealTouched();
  });

  it("a cleanup action that failed is tried again when the command is redelivered; the incident's record ends clean", async () => {
    const world = newWorld();
    world.forbid[`DELETE /releases/${DRILL_RELEASE_ID}$`] = 2; // delete-release (the rollback stops there), then remove-release
    serve(world);
    const payload = comment("/anvil drill");
    await deliver(payload, "first");
    let state = stateOf(world);
    expect(state?.runs.filter((run) => run.status === "failed").map((run) => run.step)).toEqual(["delete-release", "remove-release"]);
    expect(world.releases.map((r) => r.id)).toEqual([DRILL_RELEASE_ID, 3, 2, 1]); // left behind, and said so
    expect(String(world.comments[0]?.body)).toContain("❌ 2 step(s) failed");
    const incident = () => markers.find(String(world.issues.find((i) => i.number === 100)?.body), DRILL_MARKER);
    expect(incident()).toMatchObject({ clean: false });

    await deliver(payload, "redelivered");
    state = stateOf(world);
    expect(state?.phase).toBe("done");
    expect(state?.runs.filter((run) => run.status === "failed").map((run) => run.step)).toEqual(["delete-release"]); // the finding stays
    expect(state?.runs.filter((run) => run.step === "remove-release")).toMatchObject([{ status: "done", verified: true }]);
    expect(world.releases.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(incident()).toMatchObject({ clean: true });
    expect(sentWrites().filter((w) => w.method === "POST" && (w.path === `${R}/releases` || w.path === `${R}/issues`))).toHaveLength(2); // one release, one incident (the rollback stopped before the announcement)
    // A third delivery: everything is clean, nothing to do.
    const count = sent.length;
    await deliver(payload, "third");
    expect(sent.slice(count).filter((s) => s.method !== "GET" && !s.path.endsWith("/access_tokens"))).toEqual([]);
  });

  it("refuses roles /rollback refuses, once, and changes nothing", async () => {
    const world = newWorld();
    serve(world);
    await deliver(comment("/anvil drill", "visitor"));
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toMatch(/`\/anvil drill` needs the `admin` or `maintain` role.*yours is `read`/s);
    expect(sent.some((s) => s.path.includes("/releases"))).toBe(false);
  });

  it("ignores bots without a single request", async () => {
    await deliver(comment("/anvil drill", "github-actions[bot]", "Bot"));
    expect(sent).toEqual([]);
  });
});
