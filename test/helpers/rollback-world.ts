import type nock from "nock";
import { BOT_LOGIN, githubApi, mockAuth, mockConfig } from "./probot.js";

/**
 * The small stateful GitHub the `/rollback` handler tests run against (test/handlers/rollback.test.ts,
 * rollback-severity.test.ts): one repository (the fixtures' `Codertocat/Hello-World`) with three
 * releases, built from persisted nock interceptors, so GETs see what earlier writes did.
 * `world.fail[key] = n` makes the next n writes of that kind fail with 502.
 */

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const R = `/repos/${OWNER}/${REPO}`;
export const SHA = "c0ffee".padEnd(40, "0");
type Json = Record<string, unknown>;

/** A small stateful GitHub for one repository, built from nock interceptors (persisted). */
export interface World {
  role: Record<string, string>;
  releases: Json[];
  tagSha: string | undefined;
  comments: Json[];
  issues: Json[];
  pinned: Array<{ id: string; number: number; author: string; body: string }>;
  advisories: Json[];
  files: Record<string, string>;
  fail: Record<string, number>;
  /** The release GitHub shows as Latest when one was made Latest explicitly. */
  latestId?: number;
}

export function release(id: number, tag: string, extra: Json = {}): Json {
  return {
    id, tag_name: tag, name: `Hello ${tag}`, body: "Notes with - [ ] a box", draft: false, prerelease: false, immutable: false,
    target_commitish: "main", created_at: "2026-11-01T00:00:00Z", published_at: "2026-11-01T00:00:00Z", html_url: `https://x/${tag}`,
    author: { login: "Codertocat" }, assets: [{ name: `hello-${tag}-wheelhouse.tar.gz`, size: 2048, digest: "sha256:abc", browser_download_url: "https://x/a" }],
    ...extra,
  };
}

export function newWorld(): World {
  return {
    role: { Codertocat: "admin" },
    releases: [release(3, "v0.1.0"), release(2, "v0.0.9"), release(1, "v0.0.8")],
    tagSha: SHA,
    comments: [],
    issues: [],
    pinned: [],
    advisories: [],
    files: { "pyproject.toml": '[project]\nname = "hello"\nversion = "0.1.0"\n' },
    fail: {},
  };
}

export function failing(world: World, key: string): boolean {
  if ((world.fail[key] ?? 0) <= 0) return false;
  world.fail[key] = (world.fail[key] ?? 0) - 1;
  return true;
}

export function serve(world: World, config?: string): nock.Scope {
  const api = githubApi().persist();
  // Issue 12's steps (README banner pull request, notifications) have their own handler tests: test/handlers/reach.test.ts.
  mockConfig(mockAuth(api), OWNER, REPO, `readmeBanner:\n  enabled: false\npostMortem:\n  enabled: false\nnotifications:\n  dispatch: false\n${config ?? ""}`);
  api
    .get(new RegExp(`^${R}/collaborators/[^/]+/permission`)).reply((uri) => {
      const user = decodeURIComponent(uri.split("/")[5] ?? "");
      const role = world.role[user];
      return role ? [200, { permission: role, role_name: role, user: { login: user } }] : [404, { message: "Not Found" }];
    })
    .get(/\/issues\/\d+\/comments/).query(true).reply((uri) => [200, world.comments.filter((c) => c.issue === undefined || uri.includes(`/issues/${String(c.issue)}/comments`))])
    .post(/\/issues\/\d+\/comments$/).reply((uri, body) => {
      const issue = Number(/\/issues\/(\d+)\/comments/.exec(uri)?.[1]);
      const comment = { id: 9000 + world.comments.length, issue, body: (body as Json).body, user: { login: BOT_LOGIN, type: "Bot" }, created_at: new Date().toISOString(), html_url: "https://x/c" };
      world.comments.push(comment);
      return [201, comment];
    })
    .get(/\/issues\/comments\/\d+$/).reply((uri) => {
      const comment = world.comments.find((c) => uri.endsWith(`/${String(c.id)}`));
      return comment ? [200, comment] : [404, { message: "Not Found" }];
    })
    .patch(/\/issues\/comments\/\d+$/).reply((uri, body) => {
      if (failing(world, "status")) return [502, { message: "Bad Gateway" }];
      const comment = world.comments.find((c) => uri.endsWith(`/${String(c.id)}`));
      if (comment) comment.body = (body as Json).body;
      return [200, comment ?? {}];
    })
    .post(/\/issues\/comments\/\d+\/reactions$/).reply(201, {})
    .get(`${R}/releases`).query(true).reply(() => [200, world.releases])
    .get(`${R}/releases/latest`).reply(() => {
      const eligible = world.releases.filter((r) => !r.prerelease && !r.draft);
      const latest = eligible.find((r) => r.id === world.latestId) ?? eligible.find((r) => r.make_latest !== "false");
      return latest ? [200, latest] : [404, { message: "Not Found" }];
    })
    .get(/\/releases\/\d+$/).reply((uri) => {
      const found = world.releases.find((r) => uri.endsWith(`/${String(r.id)}`));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .get(/\/releases\/tags\//).reply((uri) => {
      const tag = decodeURIComponent(uri.split("/tags/")[1] ?? "");
      const found = world.releases.find((r) => r.tag_name === tag);
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .delete(/\/releases\/\d+$/).reply((uri) => {
      if (failing(world, "delete-release")) return [502, { message: "Bad Gateway" }];
      const id = Number(uri.split("/").pop());
      const before = world.releases.length;
      world.releases = world.releases.filter((r) => r.id !== id);
      return before === world.releases.length ? [404, { message: "Not Found" }] : [204, ""];
    })
    .patch(/\/releases\/\d+$/).reply((uri, body) => {
      const found = world.releases.find((r) => uri.endsWith(`/${String(r.id)}`));
      // Kept on the release too (`make_latest`), as tests read what was asked.
      if ((body as Json).make_latest === "true") world.latestId = Number(found?.id);
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .get(/\/git\/ref\/tags/).reply(() => failing(world, "tag-read") ? [502, { message: "Bad Gateway" }] : (world.tagSha ? [200, { ref: "refs/tags/v0.1.0", object: { sha: world.tagSha, type: "commit" } }] : [404, { message: "Not Found" }]))
    .delete(/\/git\/refs\/tags/).reply(() => {
      if (failing(world, "delete-tag")) return [502, { message: "Bad Gateway" }];
      if (!world.tagSha) return [422, { message: "Reference does not exist" }];
      world.tagSha = undefined;
      return [204, ""];
    })
    .get(`${R}/issues`).query(true).reply(() => [200, world.issues])
    .post(`${R}/labels`).reply(201, {})
    .post(/\/issues\/\d+\/labels$/).reply(200, [])
    .post(`${R}/issues`).reply((_uri, body) => {
      const b = body as Json;
      if (failing(world, String(b.title).startsWith("Incident") ? "record" : "announce")) return [502, { message: "Bad Gateway" }];
      const number = 100 + world.issues.length;
      const issue = { number, node_id: `I_${number}`, title: b.title, body: b.body, state: "open", html_url: `https://x/issues/${number}`, created_at: new Date().toISOString(), labels: (b.labels as string[]).map((name) => ({ name })), user: { login: BOT_LOGIN, type: "Bot" } };
      world.issues.unshift(issue);
      return [201, issue];
    })
    .get(/\/issues\/\d+$/).reply((uri) => [200, world.issues.find((i) => uri.endsWith(`/${String(i.number)}`)) ?? {}])
    .patch(/\/issues\/\d+$/).reply((uri, body) => {
      if (failing(world, "incident")) return [502, { message: "Bad Gateway" }];
      const found = world.issues.find((i) => uri.endsWith(`/${String(i.number)}`));
      Object.assign(found ?? {}, body as Json);
      return [200, found ?? {}];
    })
    .post("/graphql").reply((_uri, body) => {
      const { query, variables } = body as { query: string; variables: Json };
      if (query.includes("pinnedIssues")) return [200, { data: { repository: { pinnedIssues: { nodes: world.pinned.map((p) => ({ issue: { id: p.id, number: p.number, author: { login: p.author }, body: p.body } })) } } } }];
      if (failing(world, "pin")) return [502, { message: "Bad Gateway" }];
      const issue = world.issues.find((i) => i.node_id === variables.issueId);
      if (query.includes("unpinIssue")) world.pinned = world.pinned.filter((p) => p.id !== variables.issueId);
      else world.pinned.push({ id: String(variables.issueId), number: Number(issue?.number), author: "anvil", body: String(issue?.body ?? "") });
      return [200, { data: { pinIssue: { issue: { id: variables.issueId } } } }];
    })
    .get(`${R}/security-advisories`).query(true).reply(() => [200, world.advisories])
    .post(`${R}/security-advisories`).reply((_uri, body) => {
      if (failing(world, "advisory")) return [502, { message: "Bad Gateway" }];
      const advisory = { ghsa_id: `GHSA-xxxx-${world.advisories.length}`, html_url: "https://x/adv", description: (body as Json).description, state: "draft", vulnerabilities: (body as Json).vulnerabilities };
      world.advisories.push(advisory);
      return [201, advisory];
    })
    .patch(/\/security-advisories\/GHSA-[\w-]+$/).reply((uri, body) => {
      const advisory = world.advisories.find((a) => uri.endsWith(String(a.ghsa_id)));
      Object.assign(advisory ?? {}, body as Json);
      return [200, advisory ?? {}];
    })
    // The repository's root (and workflows), listed when a plan deletes a tag: what does deleting it cost here?
    .get(new RegExp(`^${R}/contents(\\?|$)`)).reply(() => [200, [...new Set(Object.keys(world.files).map((path) => (path.includes("/") ? path.split("/")[0] ?? "" : path)))].map((name) => ({ name, path: name, type: Object.keys(world.files).includes(name) ? "file" : "dir" }))])
    .get(/\/contents\/\.github(%2F|\/)workflows(\?|$)/).reply(() => [200, Object.keys(world.files).filter((path) => path.startsWith(".github/workflows/")).map((path) => ({ name: path.split("/").pop(), path, type: "file" }))])
    .get(/\/contents\/\.github(%2F|\/)workflows(%2F|\/)[^?]+/).reply((uri) => {
      const path = decodeURIComponent(uri.split("/contents/")[1]?.split("?")[0] ?? "");
      const content = world.files[path];
      return content === undefined ? [404, { message: "Not Found" }] : [200, content];
    })
    .get(/\/contents\/(?!\.github)/).reply((uri) => {
      const path = decodeURIComponent(uri.split("/contents/")[1]?.split("?")[0] ?? "");
      const content = world.files[path];
      return content === undefined ? [404, { message: "Not Found" }] : [200, content];
    });
  return api;
}
