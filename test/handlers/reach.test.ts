import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rollbackStateSchema, type RollbackState } from "../../src/rollback/plan.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, githubApi, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/**
 * Issue 12 in the /rollback saga, through the real handler: the README banner pull request and the
 * notifications. A small stateful GitHub (persisted nock routes, every request recorded in `sent`;
 * an unexpected request fails the test) with branches, files per branch, pull requests, dispatches.
 */

const markers = markersFor();
const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
const SHA = "c0ffee".padEnd(40, "0");
const README = "# Hello\n\nSay hello.\n";
type Json = Record<string, unknown>;

interface World {
  releases: Json[];
  tagSha: string | undefined;
  comments: Json[];
  issues: Json[];
  pinned: Array<{ id: string; number: number }>;
  branches: Map<string, Map<string, string>>;
  pulls: Array<{ number: number; state: string; merged: boolean; head: string; base: string; title: string; body: string }>;
  dispatches: Json[];
  fail: Record<string, number>;
}

function release(id: number, tag: string): Json {
  return {
    id, tag_name: tag, name: `Hello ${tag}`, body: "notes", draft: false, prerelease: false, immutable: false, target_commitish: "main",
    created_at: "2026-11-01T00:00:00Z", published_at: "2026-11-01T00:00:00Z", html_url: `https://x/${tag}`, author: { login: "Codertocat" },
    assets: [{ name: `hello-${tag}.tar.gz`, size: 2048, digest: "sha256:abc", browser_download_url: "https://x/a" }],
  };
}

function newWorld(): World {
  return {
    releases: [release(3, "v0.1.0"), release(2, "v0.0.9")],
    tagSha: SHA,
    comments: [],
    issues: [],
    pinned: [],
    branches: new Map([["main", new Map([["README.md", README], ["pyproject.toml", '[project]\nname = "hello"\nversion = "0.1.1"\n']])]]),
    pulls: [],
    dispatches: [],
    fail: {},
  };
}

function failing(world: World, key: string): boolean {
  if ((world.fail[key] ?? 0) <= 0) return false;
  world.fail[key] = (world.fail[key] ?? 0) - 1;
  return true;
}

const blobSha = (text: string) => `blob-${Buffer.from(text).toString("base64").length}-${text.length}`;

function serve(world: World, config = "") {
  const api = githubApi().persist();
  mockConfig(mockAuth(api), OWNER, REPO, config);
  const pullJson = (p: World["pulls"][number]) => ({ number: p.number, state: p.state, merged_at: p.merged ? "2026-11-25T12:00:00Z" : null, title: p.title, body: p.body, html_url: `https://github.com/${OWNER}/${REPO}/pull/${p.number}`, head: { ref: p.head }, base: { ref: p.base } });
  api
    .get(new RegExp(`^${R}/collaborators/[^/]+/permission`)).reply(200, { permission: "admin", role_name: "admin", user: { login: "Codertocat" } })
    .get(`${R}/issues/1/comments`).query(true).reply(() => [200, world.comments])
    .post(`${R}/issues/1/comments`).reply((_uri, body) => {
      const comment = { id: 9000 + world.comments.length, body: (body as Json).body, user: { login: BOT_LOGIN, type: "Bot" }, created_at: new Date().toISOString(), html_url: "https://x/c" };
      world.comments.push(comment);
      return [201, comment];
    })
    .patch(/\/issues\/comments\/\d+$/).reply((uri, body) => {
      const comment = world.comments.find((c) => uri.endsWith(`/${String(c.id)}`));
      if (comment) comment.body = (body as Json).body;
      return [200, comment ?? {}];
    })
    .post(/\/issues\/comments\/\d+\/reactions$/).reply(201, {})
    .get(/\/issues\/comments\/\d+$/).reply((uri) => {
      const found = world.comments.find((c) => uri.endsWith(`/${String(c.id)}`));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .get(`${R}/releases`).query(true).reply(() => [200, world.releases])
    .get(/\/releases\/tags\//).reply((uri) => {
      const found = world.releases.find((r) => r.tag_name === decodeURIComponent(uri.split("/tags/")[1] ?? ""));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .delete(/\/releases\/\d+$/).reply((uri) => {
      world.releases = world.releases.filter((r) => !uri.endsWith(`/${String(r.id)}`));
      return [204, ""];
    })
    .patch(/\/releases\/\d+$/).reply((uri, body) => {
      const found = world.releases.find((r) => uri.endsWith(`/${String(r.id)}`));
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .get(/\/git\/ref\/tags/).reply(() => (world.tagSha ? [200, { object: { sha: world.tagSha, type: "commit" } }] : [404, { message: "Not Found" }]))
    .delete(/\/git\/refs\/tags/).reply(() => {
      world.tagSha = undefined;
      return [204, ""];
    })
    .get(`${R}/issues`).query(true).reply(() => [200, world.issues])
    .post(`${R}/labels`).reply(201, {})
    .post(`${R}/issues`).reply((_uri, body) => {
      const b = body as Json;
      const number = 100 + world.issues.length;
      const issue = { number, node_id: `I_${number}`, title: b.title, body: b.body, state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`, created_at: new Date().toISOString(), labels: [], user: { login: BOT_LOGIN, type: "Bot" } };
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
      if (query.includes("pinnedIssues")) return [200, { data: { repository: { pinnedIssues: { nodes: [] } } } }];
      world.pinned.push({ id: String(variables.issueId), number: 0 });
      return [200, { data: { pinIssue: { issue: { id: variables.issueId } } } }];
    })
    .get(`${R}/security-advisories`).query(true).reply(200, [])
    .post(`${R}/security-advisories`).reply(201, { ghsa_id: "GHSA-aaaa-bbbb-cccc", html_url: "https://x/adv", description: "", state: "draft" })
    // Repository, README, branches, files per branch, pull requests, dispatches.
    .get(R).reply(200, { default_branch: "main" })
    .get(`${R}/readme`).query(true).reply(200, { path: "README.md", type: "file" })
    .get(/\/git\/ref\/heads%2F/).reply((uri) => {
      const branch = decodeURIComponent(uri.split("heads%2F")[1] ?? "");
      return world.branches.has(branch) ? [200, { object: { sha: `sha-${branch}`, type: "commit" } }] : [404, { message: "Not Found" }];
    })
    .post(`${R}/git/refs`).reply((_uri, body) => {
      const branch = String((body as Json).ref).replace("refs/heads/", "");
      if (world.branches.has(branch)) return [422, { message: "Reference already exists" }];
      world.branches.set(branch, new Map(world.branches.get("main")));
      return [201, {}];
    })
    // The root listing (what a plan that deletes a tag reads for its costs): the default branch's files.
    .get(new RegExp(`^${R}/contents/?(\\?.*)?$`)).reply(() => [200, [...(world.branches.get("main")?.keys() ?? [])].map((name) => ({ name, path: name, type: "file" }))])
    .get(/\/contents\/(?!\.github)/).reply(function (uri) {
      const url = new URL(uri, "https://api.github.com");
      const path = decodeURIComponent(url.pathname.split("/contents/")[1] ?? "");
      const text = world.branches.get(url.searchParams.get("ref") ?? "main")?.get(path);
      if (text === undefined) return [404, { message: "Not Found" }];
      const raw = String(this.req.headers.accept ?? "").includes("raw");
      return raw ? [200, text] : [200, { type: "file", path, encoding: "base64", content: Buffer.from(text).toString("base64"), sha: blobSha(text) }];
    })
    .put(/\/contents\//).reply((uri, body) => {
      const path = decodeURIComponent(uri.split("/contents/")[1] ?? "");
      const write = body as { branch: string; content: string; sha?: string };
      const files = world.branches.get(write.branch);
      const current = files?.get(path);
      if (!files || (current !== undefined && write.sha !== blobSha(current))) return [409, { message: "sha mismatch" }];
      files.set(path, Buffer.from(write.content, "base64").toString("utf8"));
      return [200, { commit: { sha: "c1" }, content: { sha: "b1" } }];
    })
    .get(`${R}/pulls`).query(true).reply((uri) => {
      const head = new URL(uri, "https://api.github.com").searchParams.get("head") ?? "";
      return [200, world.pulls.filter((p) => `${OWNER}:${p.head}` === head).reverse().map(pullJson)];
    })
    .post(`${R}/pulls`).reply((_uri, body) => {
      if (failing(world, "pull")) return [502, { message: "Bad Gateway" }];
      const b = body as { head: string; base: string; title: string; body: string };
      const pull = { number: 500 + world.pulls.length, state: "open", merged: false, ...b };
      world.pulls.push(pull);
      return [201, pullJson(pull)];
    })
    .post(`${R}/dispatches`).reply((_uri, body) => {
      if (failing(world, "dispatch")) return [500, { message: "boom" }];
      world.dispatches.push(body as Json);
      return [204, ""];
    });
  return api;
}

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  nock.cleanAll();
  teardownNock();
});

let commentId = 5000;
function comment(body: string): Json {
  const payload = examplePayload<Json>("issue_comment", "created");
  return { ...payload, comment: { ...(payload.comment as Json), id: ++commentId, body, user: { login: "Codertocat", type: "User" } }, sender: { login: "Codertocat", type: "User" } };
}
const say = (body: string) => probot.receive({ id: `r${commentId}`, name: "issue_comment", payload: comment(body) as never });
const stateOf = (world: World): RollbackState | undefined => {
  const last = [...world.comments].reverse().find((c) => markers.find(String(c.body), "rollback"));
  return last ? rollbackStateSchema.parse(markers.find(String(last.body), "rollback")) : undefined;
};
/** Nothing Anvil sent wrote to the default branch: no commit on it, no ref of it changed, no pull request from it. */
function expectDefaultBranchUntouched(): void {
  for (const write of sentWrites()) {
    const body = (write.body ?? {}) as Json;
    expect(body.branch, `${write.method} ${write.path}`).not.toBe("main");
    expect(write.path).not.toMatch(/\/git\/refs\/heads\/main$/);
    expect(body.ref).not.toBe("refs/heads/main");
    expect(body.head).not.toBe("main");
  }
}

describe("/rollback with the README banner and notifications (issue 12)", () => {
  it("a confirmed critical rollback opens the banner pull request from anvil/revoked-<tag> and dispatches anvil-rollback last", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical --reason \"installer deletes files\"");
    expect(String(world.comments[0]?.body)).toContain("Open a pull request adding a warning banner to the README");
    expect(sentWrites().some((w) => w.path.endsWith("/pulls") || w.path.endsWith("/dispatches") || w.path.endsWith("/git/refs"))).toBe(false);
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");

    const state = stateOf(world);
    expect(state?.phase).toBe("done");
    expect(state?.outcomes["readme-banner"]).toMatchObject({ status: "done", detail: "#500 opened" });
    expect(state?.outcomes.notify).toMatchObject({ status: "done", detail: "`anvil-rollback` sent" });
    expect(state?.bannerPull).toBe(500);

    const reachWrites = sentWrites().filter((w) => /\/(git\/refs|contents|pulls|dispatches)$|\/contents\//.test(w.path) && !w.path.includes("/tags"));
    expect(reachWrites.map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${R}/git/refs`, `PUT ${R}/contents/README.md`, `POST ${R}/pulls`, `POST ${R}/dispatches`]);
    expect(reachWrites[0]?.body).toEqual({ ref: "refs/heads/anvil/revoked-v0.1.0", sha: "sha-main" });
    expect(reachWrites[1]?.body).toMatchObject({ branch: "anvil/revoked-v0.1.0", sha: blobSha(README) });
    expect(reachWrites[2]?.body).toMatchObject({ head: "anvil/revoked-v0.1.0", base: "main", title: "README: warn that v0.1.0 has been revoked" });
    const announcement = world.issues.find((i) => String(i.title).includes("revoked"));
    const incident = world.issues.find((i) => String(i.title).startsWith("Incident"));
    expect(world.branches.get("anvil/revoked-v0.1.0")?.get("README.md")).toBe(
      `<!-- anvil:banner:v0.1.0 -->\n> [!CAUTION]\n> **v0.1.0 has been revoked.** Use **v0.0.9** instead. [Read the announcement](${String(announcement?.html_url)}) for what to do.\n<!-- anvil:end-banner:v0.1.0 -->\n\n${README}`,
    );
    expect(world.branches.get("main")?.get("README.md")).toBe(README);
    expect(world.dispatches).toEqual([
      {
        event_type: "anvil-rollback",
        client_payload: {
          repository: `${OWNER}/${REPO}`, tag: "v0.1.0", version_to_use: "v0.0.9", severity: "critical", reason: "installer deletes files", actor: "Codertocat",
          announcement_url: announcement?.html_url, incident_url: incident?.html_url, fixed_in: null, drill: false,
        },
      },
    ]);
    // The dispatch is the last write before the final status: notifications go out once the revocation is done.
    const writes = sentWrites().map((w) => w.path);
    expect(writes.indexOf(`${R}/dispatches`)).toBeGreaterThan(writes.lastIndexOf(`${R}/issues/${String(incident?.number)}`));
    // The public texts never name the draft advisory.
    expect(JSON.stringify(world.dispatches) + JSON.stringify(world.pulls)).not.toMatch(/GHSA/);
    expectDefaultBranchUntouched();
    // The banner and the dispatch link the issues by the URLs kept when they were opened: the only
    // single-issue read is the incident's, right before Anvil updates it.
    expect(sent.filter((s) => s.method === "GET" && /\/issues\/\d+$/.test(s.path)).map((s) => s.path)).toEqual([`${R}/issues/${String(incident?.number)}`]);
  });

  it("a failure opening the pull request stops the saga; --confirm resumes with one commit, one pull request, one dispatch", async () => {
    const world = newWorld();
    world.fail.pull = 1;
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("failed");
    expect(stateOf(world)?.outcomes["readme-banner"]).toMatchObject({ status: "failed", detail: "HTTP 502: Bad Gateway" });
    expect(String(world.comments[0]?.body)).toContain("❌ Open a pull request adding a warning banner");
    expect(world.dispatches).toEqual([]);

    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(sent.filter((s) => s.method === "PUT")).toHaveLength(1);
    expect(world.pulls).toHaveLength(1);
    expect(world.dispatches).toHaveLength(1);
    expectDefaultBranchUntouched();
  });

  it("a failed dispatch stops at the last step and resumes without a second pull request", async () => {
    const world = newWorld();
    world.fail.dispatch = 1;
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.outcomes.notify).toMatchObject({ status: "failed" });
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.pulls).toHaveLength(1);
    expect(world.dispatches).toHaveLength(1);
  });

  it("a redelivered confirmation changes nothing", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    const confirm = comment("/rollback v0.1.0 --confirm");
    await probot.receive({ id: "first", name: "issue_comment", payload: confirm as never });
    expect(world.pulls).toHaveLength(1);
    const before = sentWrites().length;
    await probot.receive({ id: "first", name: "issue_comment", payload: confirm as never });
    expect(sentWrites().slice(before).filter((w) => /pulls|dispatches|contents|git\/refs/.test(w.path))).toEqual([]);
  });

  it("no banner and no dispatch when turned off; a severity that does not notify sends nothing", async () => {
    const world = newWorld();
    serve(world, "readmeBanner:\n  enabled: false\nnotifications:\n  severities: [high]\n");
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(stateOf(world)?.plan.steps).not.toContain("readme-banner");
    expect(stateOf(world)?.plan.steps).not.toContain("notify");
    expect(sent.filter((s) => /\/pulls|\/dispatches|\/readme|\/git\/refs$|heads/.test(s.path))).toEqual([]);
  });

  it("/anvil post-mortem <tag> opens the post-mortem pull request from the incident's record, once", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical --reason \"installer deletes files\"");
    await say("/rollback v0.1.0 --confirm");
    sent.length = 0;
    await say("/anvil post-mortem v0.1.0");
    const pull = world.pulls.find((p) => p.head === "anvil/post-mortem-v0.1.0");
    expect(pull).toMatchObject({ base: "main", title: "Post-mortem: v0.1.0 revoked" });
    const path = [...(world.branches.get("anvil/post-mortem-v0.1.0")?.keys() ?? [])].find((name) => name.startsWith("docs/incidents/"));
    expect(path).toMatch(/^docs\/incidents\/\d{4}-\d{2}-\d{2}-v0-1-0-installer-deletes-files\.md$/);
    const text = world.branches.get("anvil/post-mortem-v0.1.0")?.get(path ?? "") ?? "";
    expect(text).toContain("Plan confirmed: Anvil starts the revocation");
    expect(text).toContain("delete-release: done");
    expect(text).not.toMatch(/GHSA/);
    expectDefaultBranchUntouched();
    // Again: one post-mortem per incident, ever.
    await say("/anvil post-mortem v0.1.0");
    expect(world.pulls.filter((p) => p.head === "anvil/post-mortem-v0.1.0")).toHaveLength(1);
    // A version without an incident gets one polite reply and nothing else.
    const before = sentWrites().length;
    await say("/anvil post-mortem v9.9.9");
    expect(sentWrites().slice(before).map((w) => w.path)).toEqual([`${R}/issues/1/comments`]);
    expect(String(world.comments.at(-1)?.body)).toContain("no incident of Anvil's for `v9.9.9`");
  });
});
