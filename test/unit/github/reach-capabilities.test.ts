import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBranch, deleteBranch, getBranchSha, getDefaultBranch } from "../../../src/github/branches.js";
import { MAX_CLIENT_PAYLOAD_KEYS, sendRepositoryDispatch } from "../../../src/github/dispatch.js";
import { createOrUpdateFile, readFileOnBranch } from "../../../src/github/file-commits.js";
import { closePullRequest, createPullRequest, findPullsByHead } from "../../../src/github/pulls.js";
import { getReadmePath } from "../../../src/github/readme.js";
import { testOctokit } from "./octokit.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "widgets" };
const R = "/repos/acme/widgets";
const SHA = "a".repeat(40);

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending, "every expected request was sent").toEqual([]);
});

function pull(number: number, extra: Record<string, unknown> = {}) {
  return { number, state: "open", merged_at: null, title: "t", body: null, html_url: `https://github.com/acme/widgets/pull/${number}`, head: { ref: "anvil/revoked-v0.1.0" }, base: { ref: "main" }, ...extra };
}

describe("branches", () => {
  it("reads the default branch and a branch's commit; a missing branch is undefined", async () => {
    nock(API).get(R).reply(200, { default_branch: "trunk" });
    nock(API).get(`${R}/git/ref/heads%2Fanvil%2Frevoked-v0.1.0`).reply(200, { ref: "refs/heads/anvil/revoked-v0.1.0", object: { sha: SHA, type: "commit" } });
    nock(API).get(`${R}/git/ref/heads%2Fnope`).reply(404, { message: "Not Found" });
    const octokit = testOctokit();
    expect(await getDefaultBranch(octokit, repo)).toBe("trunk");
    expect(await getBranchSha(octokit, repo, "anvil/revoked-v0.1.0")).toBe(SHA);
    expect(await getBranchSha(octokit, repo, "nope")).toBeUndefined();
  });

  it("creates a branch ref from a sha, and says so when it exists already", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post(`${R}/git/refs`, (body) => (bodies.push(body), true))
      .reply(201, { ref: "refs/heads/anvil/x", object: { sha: SHA } })
      .post(`${R}/git/refs`)
      .reply(422, { message: "Reference already exists" });
    const octokit = testOctokit();
    expect(await createBranch(octokit, repo, "anvil/x", SHA)).toBe("created");
    expect(await createBranch(octokit, repo, "anvil/x", SHA)).toBe("exists");
    expect(bodies).toEqual([{ ref: "refs/heads/anvil/x", sha: SHA }]);
  });

  it("other refusals to create a branch are errors", async () => {
    nock(API).post(`${R}/git/refs`).reply(422, { message: "Object does not exist" });
    await expect(createBranch(testOctokit(), repo, "anvil/x", SHA)).rejects.toMatchObject({ status: 422 });
  });

  it("deletes a branch; a branch gone already is not an error", async () => {
    nock(API)
      .delete(`${R}/git/refs/heads%2Fanvil%2Fx`)
      .reply(204)
      .delete(`${R}/git/refs/heads%2Fanvil%2Fx`)
      .reply(422, { message: "Reference does not exist" });
    const octokit = testOctokit();
    expect(await deleteBranch(octokit, repo, "anvil/x")).toBe("deleted");
    expect(await deleteBranch(octokit, repo, "anvil/x")).toBe("already gone");
  });
});

describe("file commits", () => {
  it("reads a file on a branch with the blob sha needed to replace it", async () => {
    nock(API)
      .get(`${R}/contents/README.md`)
      .query({ ref: "anvil/x" })
      .reply(200, { type: "file", encoding: "base64", content: Buffer.from("# Widgets\n").toString("base64"), sha: "blob1", path: "README.md" })
      .get(`${R}/contents/docs%2Fincidents%2Fa.md`)
      .query({ ref: "anvil/x" })
      .reply(404, { message: "Not Found" });
    const octokit = testOctokit();
    expect(await readFileOnBranch(octokit, repo, "README.md", "anvil/x")).toEqual({ text: "# Widgets\n", sha: "blob1" });
    expect(await readFileOnBranch(octokit, repo, "docs/incidents/a.md", "anvil/x")).toBeUndefined();
  });

  it("a directory is not a file", async () => {
    nock(API).get(`${R}/contents/docs`).query({ ref: "main" }).reply(200, [{ type: "file", path: "docs/a.md" }]);
    expect(await readFileOnBranch(testOctokit(), repo, "docs", "main")).toBeUndefined();
  });

  it("updates with the sha, creates without it, on the named branch, content base64", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .put(`${R}/contents/README.md`, (body) => (bodies.push(body), true))
      .reply(200, { commit: { sha: "c1" }, content: { sha: "blob2" } })
      .put(`${R}/contents/docs%2Fincidents%2F2026-11-25-x.md`, (body) => (bodies.push(body), true))
      .reply(201, { commit: { sha: "c2" }, content: { sha: "blob3" } });
    const octokit = testOctokit();
    expect(await createOrUpdateFile(octokit, repo, { path: "README.md", branch: "anvil/x", message: "m", text: "é\n", sha: "blob1" })).toEqual({ commitSha: "c1", blobSha: "blob2" });
    expect(await createOrUpdateFile(octokit, repo, { path: "docs/incidents/2026-11-25-x.md", branch: "anvil/x", message: "m2", text: "x" })).toEqual({ commitSha: "c2", blobSha: "blob3" });
    expect(bodies).toEqual([
      { branch: "anvil/x", message: "m", content: Buffer.from("é\n").toString("base64"), sha: "blob1" },
      { branch: "anvil/x", message: "m2", content: Buffer.from("x").toString("base64") },
    ]);
  });

  it("a stale sha is GitHub's 409, passed on (the caller re-reads)", async () => {
    nock(API).put(`${R}/contents/README.md`).reply(409, { message: "README.md does not match blob1" });
    await expect(createOrUpdateFile(testOctokit(), repo, { path: "README.md", branch: "anvil/x", message: "m", text: "x", sha: "blob1" })).rejects.toMatchObject({ status: 409 });
  });
});

describe("pull requests", () => {
  it("creates a pull request from a head branch to a base", async () => {
    const bodies: unknown[] = [];
    nock(API).post(`${R}/pulls`, (body) => (bodies.push(body), true)).reply(201, pull(7, { body: "b" }));
    const created = await createPullRequest(testOctokit(), repo, { head: "anvil/revoked-v0.1.0", base: "main", title: "t", body: "b" });
    expect(created).toEqual({ number: 7, state: "open", merged: false, title: "t", body: "b", htmlUrl: "https://github.com/acme/widgets/pull/7", head: "anvil/revoked-v0.1.0", base: "main" });
    expect(bodies).toEqual([{ head: "anvil/revoked-v0.1.0", base: "main", title: "t", body: "b" }]);
  });

  it("finds open and closed pull requests by head branch, merged ones marked", async () => {
    nock(API)
      .get(`${R}/pulls`)
      .query({ head: "acme:anvil/revoked-v0.1.0", state: "all", sort: "created", direction: "desc", per_page: "100" })
      .reply(200, [pull(9, { state: "closed", merged_at: "2026-11-25T10:00:00Z" }), pull(8, { state: "closed" }), pull(5, { head: { ref: "other" } })]);
    const found = await findPullsByHead(testOctokit(), repo, "anvil/revoked-v0.1.0");
    expect(found.map((p) => [p.number, p.state, p.merged])).toEqual([
      [9, "closed", true],
      [8, "closed", false],
    ]);
  });

  it("closes a pull request", async () => {
    const bodies: unknown[] = [];
    nock(API).patch(`${R}/pulls/7`, (body) => (bodies.push(body), true)).reply(200, pull(7, { state: "closed" }));
    expect((await closePullRequest(testOctokit(), repo, 7)).state).toBe("closed");
    expect(bodies).toEqual([{ state: "closed" }]);
  });
});

describe("repository dispatch", () => {
  it("posts the event type and client payload", async () => {
    const bodies: unknown[] = [];
    nock(API).post(`${R}/dispatches`, (body) => (bodies.push(body), true)).reply(204);
    await sendRepositoryDispatch(testOctokit(), repo, "anvil-rollback", { tag: "v0.1.0" });
    expect(bodies).toEqual([{ event_type: "anvil-rollback", client_payload: { tag: "v0.1.0" } }]);
  });

  it("refuses, without a request, what GitHub would refuse", async () => {
    const octokit = testOctokit();
    await expect(sendRepositoryDispatch(octokit, repo, "x".repeat(101), {})).rejects.toThrow(RangeError);
    await expect(sendRepositoryDispatch(octokit, repo, "", {})).rejects.toThrow(RangeError);
    const eleven = Object.fromEntries(Array.from({ length: MAX_CLIENT_PAYLOAD_KEYS + 1 }, (_, i) => [`k${i}`, i]));
    await expect(sendRepositoryDispatch(octokit, repo, "anvil-rollback", eleven)).rejects.toThrow(RangeError);
  });
});

describe("readme", () => {
  it("names the file GitHub shows, on a ref; none is undefined", async () => {
    nock(API)
      .get(`${R}/readme`)
      .reply(200, { path: "docs/README.md", sha: "s", type: "file" })
      .get(`${R}/readme`)
      .query({ ref: "anvil/x" })
      .reply(404, { message: "Not Found" });
    const octokit = testOctokit();
    expect(await getReadmePath(octokit, repo)).toBe("docs/README.md");
    expect(await getReadmePath(octokit, repo, "anvil/x")).toBeUndefined();
  });
});
