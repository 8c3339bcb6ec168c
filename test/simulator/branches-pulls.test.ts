import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobSha, mergePullRequest, openIssue, type RepoState, type Simulator } from "../../simulator/index.js";
import { parseLink, startClient, type Client } from "./helpers.js";

/** Branches, contents writes, pull requests and repository_dispatch (issue 12: README banner PR, post-mortem PR, notifications). */

let client: Client;
let sim: Simulator;
let repo: RepoState;
let provoked: RegExp[] = [];

const README = "# Widgets\n\nMake widgets.\n";

beforeEach(async () => {
  provoked = [];
  client = await startClient({ repos: [{ owner: "acme", repo: "widgets", files: { "README.md": README, "docs/guide.md": "# Guide\n" }, issues: [{ title: "one" }] }] });
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  expect(sim.violations().filter((violation) => !provoked.some((pattern) => pattern.test(violation)))).toEqual([]);
  expect(sim.responseGaps()).toEqual([]);
  await sim.close();
});

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
const b64 = (text: string) => Buffer.from(text).toString("base64");
const createBranch = (name: string, sha = repo.headSha) => client.api("/repos/acme/widgets/git/refs", { method: "POST", body: { ref: `refs/heads/${name}`, sha } });
const put = (path: string, body: Record<string, unknown>) => client.api(`/repos/acme/widgets/contents/${path}`, { method: "PUT", body });
const readFile = async (path: string, ref?: string) => {
  const response = await client.api(`/repos/acme/widgets/contents/${path}${ref ? `?ref=${encodeURIComponent(ref)}` : ""}`);
  if (response.status !== 200) return response.status;
  const file = await json<{ content: string; sha: string }>(response);
  return { text: Buffer.from(file.content, "base64").toString("utf8"), sha: file.sha };
};
const BANNER = "> [!WARNING]\n> v0.1.0 is revoked: use v0.0.9.\n\n";

describe("branches and refs", () => {
  it("creates a branch from a sha, reads it as a ref and as a branch, deletes it", async () => {
    const created = await createBranch("anvil/revoked-v0.1.0");
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ ref: "refs/heads/anvil/revoked-v0.1.0", object: { sha: repo.headSha, type: "commit" } });

    const ref = await client.api("/repos/acme/widgets/git/ref/heads/anvil/revoked-v0.1.0");
    expect(await json(ref)).toMatchObject({ ref: "refs/heads/anvil/revoked-v0.1.0", object: { sha: repo.headSha } });
    const branch = await client.api("/repos/acme/widgets/branches/anvil%2Frevoked-v0.1.0");
    expect(await json(branch)).toMatchObject({ name: "anvil/revoked-v0.1.0", commit: { sha: repo.headSha }, protected: false });

    expect((await client.api("/repos/acme/widgets/git/refs/heads/anvil/revoked-v0.1.0", { method: "DELETE" })).status).toBe(204);
    expect((await client.api("/repos/acme/widgets/git/ref/heads/anvil/revoked-v0.1.0")).status).toBe(404);
    expect((await client.api("/repos/acme/widgets/branches/anvil%2Frevoked-v0.1.0")).status).toBe(404);
    expect((await client.api("/repos/acme/widgets/git/refs/heads/anvil/revoked-v0.1.0", { method: "DELETE" })).status).toBe(422);
  });

  it("creating an existing ref, from an unknown sha, or without refs/heads/ is a 422 GitHub message", async () => {
    await createBranch("x");
    expect(await json(await createBranch("x"))).toMatchObject({ message: "Reference already exists" });
    expect(await json(await createBranch("y", "f".repeat(40)))).toMatchObject({ message: "Object does not exist" });
    const bare = await client.api("/repos/acme/widgets/git/refs", { method: "POST", body: { ref: "y", sha: repo.headSha } });
    expect(bare.status).toBe(422);
    expect(repo.branches.has("y")).toBe(false);
  });

  it("the default branch cannot be deleted; a tag ref can be created on a known commit", async () => {
    expect((await client.api("/repos/acme/widgets/git/refs/heads/main", { method: "DELETE" })).status).toBe(422);
    expect((await client.api("/repos/acme/widgets/git/refs", { method: "POST", body: { ref: "refs/tags/v0.1.0-drill.1", sha: repo.headSha } })).status).toBe(201);
    expect(repo.tags.get("v0.1.0-drill.1")).toBe(repo.headSha);
  });

  it("updating a branch must fast-forward unless forced", async () => {
    await createBranch("feature");
    const ahead = await json<{ commit: { sha: string } }>(await put("a.txt", { message: "a", content: b64("a"), branch: "feature" }));
    const moved = await client.api("/repos/acme/widgets/git/refs/heads/main", { method: "PATCH", body: { sha: ahead.commit.sha } });
    expect(moved.status).toBe(200);
    expect(repo.headSha).toBe(ahead.commit.sha);
    expect(repo.files.get("a.txt")).toBe("a");

    await createBranch("other", ahead.commit.sha);
    const diverged = await json<{ commit: { sha: string } }>(await put("b.txt", { message: "b", content: b64("b"), branch: "other" }));
    await put("c.txt", { message: "c", content: b64("c") });
    const refused = await client.api("/repos/acme/widgets/git/refs/heads/main", { method: "PATCH", body: { sha: diverged.commit.sha } });
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({ message: "Update is not a fast forward" });
    expect((await client.api("/repos/acme/widgets/git/refs/heads/main", { method: "PATCH", body: { sha: diverged.commit.sha, force: true } })).status).toBe(200);
  });
});

describe("contents on branches", () => {
  it("updates the README on a branch only: the default branch keeps its text", async () => {
    await createBranch("anvil/revoked-v0.1.0");
    const current = await readFile("README.md", "anvil/revoked-v0.1.0");
    expect(current).toEqual({ text: README, sha: blobSha(README) });
    const response = await put("README.md", { message: "Warn about v0.1.0", content: b64(BANNER + README), sha: blobSha(README), branch: "anvil/revoked-v0.1.0" });
    expect(response.status).toBe(200);
    const written = await json<{ content: { path: string; sha: string }; commit: { sha: string; message: string; parents: Array<{ sha: string }> } }>(response);
    expect(written.content).toMatchObject({ path: "README.md", sha: blobSha(BANNER + README) });
    expect(written.commit).toMatchObject({ message: "Warn about v0.1.0", parents: [{ sha: repo.headSha }] });

    expect(await readFile("README.md", "anvil/revoked-v0.1.0")).toEqual({ text: BANNER + README, sha: blobSha(BANNER + README) });
    expect(await readFile("README.md")).toEqual({ text: README, sha: blobSha(README) });
    expect(await readFile("README.md", "main")).toEqual({ text: README, sha: blobSha(README) });
    expect(repo.branches.get("anvil/revoked-v0.1.0")).toBe(written.commit.sha);
  });

  it("creates a new file (201) without sha; a file that exists needs its current sha", async () => {
    await createBranch("anvil/post-mortem");
    const path = "docs/incidents/2026-11-25-v0-1-0-revoked.md";
    expect((await put(path, { message: "Post-mortem", content: b64("# Post-mortem\n"), branch: "anvil/post-mortem" })).status).toBe(201);

    const noSha = await put(path, { message: "again", content: b64("# Other\n"), branch: "anvil/post-mortem" });
    expect(noSha.status).toBe(422);
    expect(await json(noSha)).toMatchObject({ message: 'Invalid request.\n\n"sha" wasn\'t supplied.' });

    const stale = await put(path, { message: "again", content: b64("# Other\n"), sha: blobSha("# Older\n"), branch: "anvil/post-mortem" });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ message: `${path} does not match ${blobSha("# Older\n")}` });
    expect(await readFile(path, "anvil/post-mortem")).toMatchObject({ text: "# Post-mortem\n" });
    expect(await readFile(path)).toBe(404);
  });

  it("a branch that does not exist is a 404; content that is not base64 is a 422", async () => {
    expect((await put("README.md", { message: "m", content: b64("x"), sha: blobSha(README), branch: "nope" })).status).toBe(404);
    expect((await put("README.md", { message: "m", content: "not base64!", sha: blobSha(README) })).status).toBe(422);
    expect(repo.files.get("README.md")).toBe(README);
  });

  it("message and content are required by GitHub's description", async () => {
    provoked = [/create-or-update-file-contents: request body \(root\) must have required property 'message'/];
    expect((await put("README.md", { content: b64("x"), sha: blobSha(README) })).status).toBe(422);
    expect(sim.violations()).toHaveLength(1);
  });

  it("a write on the default branch moves its head and its files", async () => {
    const before = repo.headSha;
    const response = await put("README.md", { message: "m", content: b64("new"), sha: blobSha(README) });
    expect(response.status).toBe(200);
    expect(repo.headSha).not.toBe(before);
    expect(repo.files.get("README.md")).toBe("new");
  });

  it("?ref= for an unknown ref is 404 naming the ref; a directory lists its entries", async () => {
    expect(await readFile("README.md", "no-such-branch")).toBe(404);
    const listing = await json<Array<{ name: string; type: string }>>(await client.api("/repos/acme/widgets/contents/docs"));
    expect(listing).toEqual([expect.objectContaining({ name: "guide.md", type: "file" })]);
  });

  it("GET /readme finds the README of a branch, raw or as JSON; 404 without one", async () => {
    await createBranch("b");
    await put("README.md", { message: "m", content: b64(BANNER + README), sha: blobSha(README), branch: "b" });
    const raw = await client.api("/repos/acme/widgets/readme?ref=b", { headers: { accept: "application/vnd.github.raw+json" } });
    expect(await raw.text()).toBe(BANNER + README);
    const described = await json<{ path: string; sha: string; content: string }>(await client.api("/repos/acme/widgets/readme"));
    expect(described).toMatchObject({ path: "README.md", sha: blobSha(README) });
    sim.addRepo({ owner: "acme", repo: "bare", files: { "docs/README.rst": "x" } });
    expect(await json(await client.api("/repos/acme/bare/readme"))).toMatchObject({ path: "docs/README.rst" });
    sim.addRepo({ owner: "acme", repo: "none" });
    expect((await client.api("/repos/acme/none/readme")).status).toBe(404);
  });
});

describe("pull requests", () => {
  const openBannerPull = async (branch = "anvil/revoked-v0.1.0") => {
    await createBranch(branch);
    await put("README.md", { message: "Warn", content: b64(BANNER + README), sha: blobSha(README), branch });
    return client.api("/repos/acme/widgets/pulls", { method: "POST", body: { title: "Warn about v0.1.0", head: branch, base: "main", body: "Anvil" } });
  };

  it("numbers share the issues' sequence; the pull request is also an issue, listed with pull_request", async () => {
    const response = await openBannerPull();
    expect(response.status).toBe(201);
    const pull = await json<{ number: number; state: string; merged: boolean; mergeable: boolean; head: { ref: string; sha: string; label: string }; base: { ref: string }; user: { login: string } }>(response);
    expect(pull).toMatchObject({ number: 2, state: "open", merged: false, mergeable: true, head: { ref: "anvil/revoked-v0.1.0", label: "acme:anvil/revoked-v0.1.0", sha: repo.branches.get("anvil/revoked-v0.1.0") }, base: { ref: "main" }, user: { login: "anvil[bot]" } });
    expect(openIssue(repo, { title: "next", author: "octocat" }).number).toBe(3);

    const issues = await json<Array<{ number: number; pull_request?: unknown }>>(await client.api("/repos/acme/widgets/issues"));
    expect(issues.map((issue) => [issue.number, issue.pull_request !== undefined])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    expect(await json(await client.api("/repos/acme/widgets/issues/2"))).toMatchObject({ number: 2, pull_request: { merged_at: null } });
    expect((await client.api("/repos/acme/widgets/issues/2/comments", { method: "POST", body: { body: "on the PR" } })).status).toBe(201);
    expect(repo.pulls.get(2)?.comments).toHaveLength(1);
    expect(repo.issues.has(2)).toBe(false);
  });

  it("a second pull request for the same head is GitHub's 422", async () => {
    await openBannerPull();
    const again = await client.api("/repos/acme/widgets/pulls", { method: "POST", body: { title: "again", head: "acme:anvil/revoked-v0.1.0", base: "main" } });
    expect(again.status).toBe(422);
    expect(await json(again)).toMatchObject({ message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists for acme:anvil/revoked-v0.1.0." }] });
    expect(repo.pulls.size).toBe(1);
  });

  it("no commits between the branches, or a head that does not exist, is a 422", async () => {
    await createBranch("empty");
    const empty = await client.api("/repos/acme/widgets/pulls", { method: "POST", body: { title: "t", head: "empty", base: "main" } });
    expect(await json(empty)).toMatchObject({ errors: [{ resource: "PullRequest", code: "custom", message: "No commits between main and empty" }] });
    const missing = await client.api("/repos/acme/widgets/pulls", { method: "POST", body: { title: "t", head: "ghost", base: "main" } });
    expect(await json(missing)).toMatchObject({ errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] });
    expect(repo.pulls.size).toBe(0);
    expect(repo.nextNumber).toBe(2);
  });

  it("lists by head owner:branch and state; a bare branch name is read as an owner and matches nothing", async () => {
    await openBannerPull();
    await openBannerPull("anvil/post-mortem-v0.1.0");
    const byHead = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/pulls?head=acme%3Aanvil%2Frevoked-v0.1.0&state=all"));
    expect(byHead.map((pull) => pull.number)).toEqual([2]);
    expect(await json<unknown[]>(await client.api("/repos/acme/widgets/pulls?head=anvil%2Frevoked-v0.1.0"))).toEqual([]);
    expect((await json<unknown[]>(await client.api("/repos/acme/widgets/pulls?head=acme"))).length).toBe(2);

    expect((await client.api("/repos/acme/widgets/pulls/2", { method: "PATCH", body: { state: "closed" } })).status).toBe(200);
    expect((await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/pulls"))).map((pull) => pull.number)).toEqual([3]);
    expect((await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/pulls?state=closed"))).map((pull) => pull.number)).toEqual([2]);
    expect(await json(await client.api("/repos/acme/widgets/pulls/2"))).toMatchObject({ state: "closed", merged: false, merged_at: null });
  });

  it("pages with per_page and Link headers", async () => {
    for (const name of ["a", "b", "c"]) await openBannerPull(name);
    const first = await client.api("/repos/acme/widgets/pulls?per_page=2");
    expect((await json<Array<{ number: number }>>(first)).map((pull) => pull.number)).toEqual([4, 3]);
    const next = parseLink(first.headers.get("link")).next!;
    expect((await json<Array<{ number: number }>>(await fetch(next, { headers: { authorization: `token ${client.token}` } }))).map((pull) => pull.number)).toEqual([2]);
  });

  it("merging (by a human, or PUT …/merge) brings the branch's change to the default branch", async () => {
    await openBannerPull();
    expect(mergePullRequest(repo, 2, "maya")).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.files.get("README.md")).toBe(BANNER + README);
    expect(await json(await client.api("/repos/acme/widgets/pulls/2"))).toMatchObject({ state: "closed", merged: true, merged_by: { login: "maya" } });
    const reopen = await client.api("/repos/acme/widgets/pulls/2", { method: "PATCH", body: { state: "open" } });
    expect(reopen.status).toBe(422);

    // The removal pull request after a merge: branch from the new head, take the banner out.
    await createBranch("anvil/resolved-v0.1.0");
    await put("README.md", { message: "Remove", content: b64(README), sha: blobSha(BANNER + README), branch: "anvil/resolved-v0.1.0" });
    const removal = await json<{ number: number }>(await client.api("/repos/acme/widgets/pulls", { method: "POST", body: { title: "Remove", head: "anvil/resolved-v0.1.0", base: "main" } }));
    const merged = await client.api(`/repos/acme/widgets/pulls/${removal.number}/merge`, { method: "PUT", body: { merge_method: "squash" } });
    expect(await json(merged)).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    expect(repo.files.get("README.md")).toBe(README);
    expect((await client.api(`/repos/acme/widgets/pulls/${removal.number}/merge`, { method: "PUT" })).status).toBe(405);
  });

  it("a pull request whose base changed the same file differently cannot be merged", async () => {
    await openBannerPull();
    await put("README.md", { message: "human edit", content: b64("# Widgets, edited\n"), sha: blobSha(README) });
    expect(await json(await client.api("/repos/acme/widgets/pulls/2"))).toMatchObject({ mergeable: false, mergeable_state: "dirty" });
    expect((await client.api("/repos/acme/widgets/pulls/2/merge", { method: "PUT" })).status).toBe(405);
  });

  it("deleting the head branch closes the pull request, as on GitHub", async () => {
    await openBannerPull();
    await client.api("/repos/acme/widgets/git/refs/heads/anvil/revoked-v0.1.0", { method: "DELETE" });
    expect(repo.pulls.get(2)).toMatchObject({ state: "closed", merged_at: null });
  });
});

describe("repository_dispatch", () => {
  it("records the event type and payload; 204 with no body", async () => {
    const payload = { tag: "v0.1.0", use: "v0.0.9", severity: "critical" };
    const response = await client.api("/repos/acme/widgets/dispatches", { method: "POST", body: { event_type: "anvil-rollback", client_payload: payload } });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(repo.dispatches).toEqual([{ event_type: "anvil-rollback", client_payload: payload, at: expect.any(String) }]);
  });

  it("event_type over 100 characters or a client_payload with more than 10 keys is refused and a violation", async () => {
    provoked = [/repos\/create-dispatch-event: request body/];
    expect((await client.api("/repos/acme/widgets/dispatches", { method: "POST", body: { event_type: "x".repeat(101) } })).status).toBe(422);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`k${index}`, index]));
    expect((await client.api("/repos/acme/widgets/dispatches", { method: "POST", body: { event_type: "anvil-drill", client_payload: eleven } })).status).toBe(422);
    expect((await client.api("/repos/acme/widgets/dispatches", { method: "POST", body: { event_type: "" } })).status).toBe(422);
    expect(sim.violations()).toEqual([
      expect.stringMatching(/\/event_type must NOT have more than 100 characters/),
      expect.stringMatching(/\/client_payload must NOT have more than 10 properties/),
      expect.stringMatching(/\/event_type must NOT have fewer than 1 characters/),
    ]);
    expect(repo.dispatches).toEqual([]);
    // Ten keys is fine.
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`k${index}`, index]));
    expect((await client.api("/repos/acme/widgets/dispatches", { method: "POST", body: { event_type: "anvil-drill", client_payload: ten } })).status).toBe(204);
  });
});

describe("the default branch's files edited directly by a test", () => {
  it("belong to the head commit: a branch made from it keeps them after the default branch moves on", async () => {
    repo.files.set("CHANGELOG.md", "## 0.1.0\n");
    await createBranch("keep");
    expect((await put("README.md", { message: "m", content: b64("moved on"), sha: blobSha(README) })).status).toBe(200);
    expect(await readFile("CHANGELOG.md", "keep")).toMatchObject({ text: "## 0.1.0\n" });
    expect(await readFile("README.md", "keep")).toMatchObject({ text: README });
    expect(await readFile("README.md")).toMatchObject({ text: "moved on" });
  });
});
