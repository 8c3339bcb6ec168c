import nock from "nock";
import { expect } from "vitest";

/**
 * A small stateful GitHub for one repository (branches, files per branch, pull requests,
 * dispatches), built from persisted nock interceptors, recording every request. Requests it does
 * not model fail the call (nock.disableNetConnect), and so the test.
 */
export const API = "https://api.github.com";
export const OWNER = "acme";
export const REPO = "widgets";
const R = `/repos/${OWNER}/${REPO}`;

export interface Sent {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface FakePull {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  head: string;
  base: string;
  title: string;
  body: string;
  /** Who opened it: Anvil (`FAKE_BOT_LOGIN`) unless a test says a person did. */
  author?: string;
}

/** The app's user in this fake: pull requests it opens are Anvil's. */
export const FAKE_BOT_LOGIN = "anvil[bot]";

export interface FakeRepo {
  defaultBranch: string;
  /** branch → path → text */
  branches: Map<string, Map<string, string>>;
  readme: string | null;
  pulls: FakePull[];
  comments: Array<{ issue: number; body: string }>;
  dispatches: Array<{ event_type: string; client_payload: Record<string, unknown> }>;
  sent: Sent[];
  /** Fail the next request whose "METHOD path" matches, once per entry. */
  failNext: Array<{ method: string; path: RegExp; status: number; message: string }>;
}

let nextPull = 100;

function blobSha(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return `blob${(hash >>> 0).toString(16)}`;
}

/** `readme`: the path GitHub names as the README, null for none. */
export function fakeRepo(files: Record<string, string>, readme: string | null = "README.md"): FakeRepo {
  const repo: FakeRepo = {
    defaultBranch: "main",
    branches: new Map([["main", new Map(Object.entries(files))]]),
    readme,
    pulls: [],
    comments: [],
    dispatches: [],
    sent: [],
    failNext: [],
  };
  serve(repo);
  return repo;
}

function serve(repo: FakeRepo): void {
  nock.disableNetConnect();
  const scope = nock(API).persist();
  const headSha = (branch: string) => `sha-${branch}-${[...(repo.branches.get(branch)?.keys() ?? [])].length}`;
  const fail = (method: string, path: string): [number, { message: string }] | undefined => {
    const index = repo.failNext.findIndex((entry) => entry.method === method && entry.path.test(path));
    if (index < 0) return undefined;
    const [entry] = repo.failNext.splice(index, 1);
    return entry ? [entry.status, { message: entry.message }] : undefined;
  };
  const record = (method: string, uri: string, body: unknown) => {
    const path = decodeURIComponent(uri.split("?")[0] ?? "");
    repo.sent.push({ method, path, body: body && typeof body === "object" ? (body as Record<string, unknown>) : undefined });
    return fail(method, path);
  };
  const pullJson = (pull: FakePull) => ({ number: pull.number, state: pull.state, merged_at: pull.merged ? "2026-11-25T11:00:00Z" : null, title: pull.title, body: pull.body, html_url: `https://github.com/${OWNER}/${REPO}/pull/${pull.number}`, head: { ref: pull.head }, base: { ref: pull.base }, user: { login: pull.author ?? FAKE_BOT_LOGIN, type: pull.author ? "User" : "Bot" } });

  scope.get(R).reply(function (uri) {
    return record("GET", uri, undefined) ?? [200, { default_branch: repo.defaultBranch }];
  });
  scope.get(new RegExp(`^${R}/readme`)).reply(function (uri) {
    const failed = record("GET", uri, undefined);
    if (failed) return failed;
    return repo.readme ? [200, { path: repo.readme, type: "file" }] : [404, { message: "Not Found" }];
  });
  scope.get(new RegExp(`^${R}/git/ref/heads%2F`)).reply(function (uri) {
    const failed = record("GET", uri, undefined);
    if (failed) return failed;
    const branch = decodeURIComponent(uri.split("heads%2F")[1] ?? "");
    return repo.branches.has(branch) ? [200, { ref: `refs/heads/${branch}`, object: { sha: headSha(branch), type: "commit" } }] : [404, { message: "Not Found" }];
  });
  scope.post(`${R}/git/refs`).reply(function (uri, body) {
    const failed = record("POST", uri, body);
    if (failed) return failed;
    const { ref } = body as { ref: string; sha: string };
    const branch = ref.replace(/^refs\/heads\//, "");
    if (repo.branches.has(branch)) return [422, { message: "Reference already exists" }];
    repo.branches.set(branch, new Map(repo.branches.get(repo.defaultBranch)));
    return [201, { ref }];
  });
  scope.delete(new RegExp(`^${R}/git/refs/heads%2F`)).reply(function (uri) {
    const failed = record("DELETE", uri, undefined);
    if (failed) return failed;
    const branch = decodeURIComponent(uri.split("heads%2F")[1] ?? "");
    if (!repo.branches.delete(branch)) return [422, { message: "Reference does not exist" }];
    return [204];
  });
  scope.get(new RegExp(`^${R}/contents/`)).reply(function (uri) {
    const failed = record("GET", uri, undefined);
    if (failed) return failed;
    const url = new URL(uri, API);
    const path = decodeURIComponent(url.pathname.slice(`${R}/contents/`.length));
    const branch = url.searchParams.get("ref") ?? repo.defaultBranch;
    const text = repo.branches.get(branch)?.get(path);
    if (text === undefined) return [404, { message: "Not Found" }];
    return [200, { type: "file", path, encoding: "base64", content: Buffer.from(text).toString("base64"), sha: blobSha(text) }];
  });
  scope.put(new RegExp(`^${R}/contents/`)).reply(function (uri, body) {
    const failed = record("PUT", uri, body);
    if (failed) return failed;
    const path = decodeURIComponent(uri.slice(`${R}/contents/`.length));
    const write = body as { branch: string; content: string; sha?: string };
    const files = repo.branches.get(write.branch);
    if (!files) return [404, { message: "Branch not found" }];
    const current = files.get(path);
    if (current !== undefined && write.sha !== blobSha(current)) return [409, { message: `${path} does not match ${write.sha ?? "(none)"}` }];
    if (current === undefined && write.sha) return [422, { message: "sha given for a new file" }];
    const text = Buffer.from(write.content, "base64").toString("utf8");
    files.set(path, text);
    return [current === undefined ? 201 : 200, { commit: { sha: `c-${blobSha(text)}` }, content: { sha: blobSha(text) } }];
  });
  scope.get(`${R}/pulls`).query(true).reply(function (uri) {
    const failed = record("GET", uri, undefined);
    if (failed) return failed;
    const head = new URL(uri, API).searchParams.get("head") ?? "";
    const [owner, branch] = head.split(":");
    const pulls = owner === OWNER ? repo.pulls.filter((pull) => pull.head === branch) : [];
    return [200, [...pulls].reverse().map(pullJson)];
  });
  scope.post(`${R}/pulls`).reply(function (uri, body) {
    const failed = record("POST", uri, body);
    if (failed) return failed;
    const { head, base, title, body: text } = body as { head: string; base: string; title: string; body: string };
    if (!repo.branches.has(head)) return [422, { message: "Validation Failed: head" }];
    if (repo.pulls.some((pull) => pull.head === head && pull.state === "open")) return [422, { message: "A pull request already exists" }];
    const pull: FakePull = { number: nextPull++, state: "open", merged: false, head, base, title, body: text };
    repo.pulls.push(pull);
    return [201, pullJson(pull)];
  });
  scope.patch(new RegExp(`^${R}/pulls/\\d+$`)).reply(function (uri, body) {
    const failed = record("PATCH", uri, body);
    if (failed) return failed;
    const pull = repo.pulls.find((candidate) => candidate.number === Number(uri.split("/").at(-1)));
    if (!pull) return [404, { message: "Not Found" }];
    Object.assign(pull, { state: (body as { state: "closed" }).state });
    return [200, pullJson(pull)];
  });
  scope.post(new RegExp(`^${R}/issues/\\d+/comments$`)).reply(function (uri, body) {
    const failed = record("POST", uri, body);
    if (failed) return failed;
    repo.comments.push({ issue: Number(uri.split("/").at(-2)), body: (body as { body: string }).body });
    return [201, { id: repo.comments.length, html_url: "https://x" }];
  });
  scope.post(`${R}/dispatches`).reply(function (uri, body) {
    const failed = record("POST", uri, body);
    if (failed) return failed;
    repo.dispatches.push(body as FakeRepo["dispatches"][number]);
    return [204];
  });
}

/** Merge a pull request as GitHub would: its branch's files become the base branch's. */
export function merge(repo: FakeRepo, number: number): void {
  const pull = repo.pulls.find((candidate) => candidate.number === number);
  if (!pull) throw new Error(`no pull request #${number}`);
  pull.state = "closed";
  pull.merged = true;
  repo.branches.set(pull.base, new Map(repo.branches.get(pull.head)));
}

/** No request wrote anything to the default branch (no commit, no ref change, no pull request from it). */
export function expectNothingWrittenTo(repo: FakeRepo, branch = repo.defaultBranch): void {
  const writes = repo.sent.filter((request) => request.method !== "GET");
  for (const write of writes) {
    expect(write.body?.branch, `${write.method} ${write.path}`).not.toBe(branch);
    expect(write.path).not.toMatch(new RegExp(`/git/refs/heads/${branch}$`));
    if (write.path.endsWith("/git/refs")) expect(write.body?.ref).not.toBe(`refs/heads/${branch}`);
    if (write.path.endsWith("/pulls")) expect(write.body?.head).not.toBe(branch);
  }
}

export function resetFake(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}
