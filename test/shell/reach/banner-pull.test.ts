import { afterEach, describe, expect, it } from "vitest";
import { renderReadmeBanner } from "../../../src/messages/readme-banner.js";
import { assertOwnBranch } from "../../../src/shell/reach/branch-guard.js";
import { openBannerPull } from "../../../src/shell/reach/open-banner-pull.js";
import { retireBanner } from "../../../src/shell/reach/retire-banner.js";
import { testOctokit } from "../../unit/github/octokit.js";
import { expectNothingWrittenTo, FAKE_BOT_LOGIN, fakeRepo, merge, OWNER, REPO, resetFake } from "./fake-github.js";

const README = "# Widgets\n\nA library.\n";
const facts = { tag: "v0.1.0", good: "v0.0.9", announcementUrl: "https://github.com/acme/widgets/issues/5", incidentUrl: "https://github.com/acme/widgets/issues/4" };
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ctx = () => ({ octokit: testOctokit(), repo: { owner: OWNER, repo: REPO }, identity: { botLogin: FAKE_BOT_LOGIN }, log });
const withBanner = `<!-- anvil:banner:v0.1.0 -->\n${renderReadmeBanner(facts)}\n<!-- anvil:end-banner:v0.1.0 -->\n\n${README}`;

afterEach(resetFake);

describe("README banner pull request", () => {
  it("branches from the default branch, commits the banner to anvil/revoked-<tag>, opens the pull request: exact requests", async () => {
    const repo = fakeRepo({ "README.md": README });
    const result = await openBannerPull(ctx(), facts);
    expect(result).toEqual({ status: "done", detail: `#${repo.pulls[0]?.number} opened`, pull: repo.pulls[0]?.number });
    expect(repo.sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /repos/acme/widgets/pulls",
      "GET /repos/acme/widgets",
      "GET /repos/acme/widgets/readme",
      "GET /repos/acme/widgets/git/ref/heads/main",
      "POST /repos/acme/widgets/git/refs",
      "GET /repos/acme/widgets/contents/README.md",
      "PUT /repos/acme/widgets/contents/README.md",
      "POST /repos/acme/widgets/pulls",
    ]);
    const writes = repo.sent.filter((request) => request.method !== "GET");
    expect(writes[0]?.body).toEqual({ ref: "refs/heads/anvil/revoked-v0.1.0", sha: "sha-main-1" });
    expect(writes[1]?.body).toMatchObject({ branch: "anvil/revoked-v0.1.0", message: "docs: warn in the README that v0.1.0 has been revoked" });
    expect(writes[2]?.body).toMatchObject({ head: "anvil/revoked-v0.1.0", base: "main", title: "README: warn that v0.1.0 has been revoked" });
    expect(repo.branches.get("anvil/revoked-v0.1.0")?.get("README.md")).toBe(withBanner);
    expect(repo.branches.get("main")?.get("README.md")).toBe(README);
    expectNothingWrittenTo(repo);
  });

  it("runs once: a second run (redelivery, resumed saga) finds the pull request and writes nothing", async () => {
    const repo = fakeRepo({ "README.md": README });
    await openBannerPull(ctx(), facts);
    const before = repo.sent.length;
    const again = await openBannerPull(ctx(), facts);
    expect(again).toEqual({ status: "done", detail: `#${repo.pulls[0]?.number} (open)`, pull: repo.pulls[0]?.number });
    expect(repo.sent.slice(before).map((request) => request.method)).toEqual(["GET"]);
    expect(repo.pulls).toHaveLength(1);
  });

  it("resumes after a failure between commit and pull request without a second commit", async () => {
    const repo = fakeRepo({ "README.md": README });
    repo.failNext.push({ method: "POST", path: /\/pulls$/, status: 502, message: "Bad Gateway" });
    await expect(openBannerPull(ctx(), facts)).rejects.toMatchObject({ status: 502 });
    const result = await openBannerPull(ctx(), facts);
    expect(result.status).toBe("done");
    expect(repo.sent.filter((request) => request.method === "PUT")).toHaveLength(1);
    expect(repo.branches.get("anvil/revoked-v0.1.0")?.get("README.md")).toBe(withBanner);
    expect(repo.pulls).toHaveLength(1);
  });

  it("edits the README GitHub shows, wherever it is", async () => {
    const repo = fakeRepo({ "docs/README.md": README }, "docs/README.md");
    await openBannerPull(ctx(), facts);
    expect(repo.branches.get("anvil/revoked-v0.1.0")?.get("docs/README.md")).toBe(withBanner);
  });

  it("skips, writing nothing, when there is no README or it is not Markdown", async () => {
    for (const [files, readme, detail] of [
      [{}, null, "no README in this repository"],
      [{ "README.rst": "Widgets\n=======\n" }, "README.rst", "`README.rst` is not Markdown; add the warning by hand"],
    ] as const) {
      const repo = fakeRepo(files, readme);
      expect(await openBannerPull(ctx(), facts)).toEqual({ status: "skipped", detail });
      expect(repo.sent.filter((request) => request.method !== "GET")).toEqual([]);
      resetFake();
    }
  });

  it("never writes to the default branch, even if it were named like Anvil's branch", () => {
    expect(() => assertOwnBranch("anvil/revoked-v0.1.0", "anvil/revoked-v0.1.0")).toThrow(/refusing/);
    expect(() => assertOwnBranch("main", "trunk")).toThrow(/refusing/);
    expect(() => assertOwnBranch("anvil/revoked-v0.1.0", "main")).not.toThrow();
  });
});

describe("on resolution", () => {
  it("an open banner pull request is commented on, closed, and its branch deleted", async () => {
    const repo = fakeRepo({ "README.md": README });
    const { pull } = await openBannerPull(ctx(), facts);
    const before = repo.sent.length;
    expect(await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" })).toEqual({ status: "done", detail: `banner pull request #${pull} closed` });
    expect(repo.sent.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /repos/acme/widgets/pulls",
      `POST /repos/acme/widgets/issues/${pull}/comments`,
      `PATCH /repos/acme/widgets/pulls/${pull}`,
      "DELETE /repos/acme/widgets/git/refs/heads/anvil/revoked-v0.1.0",
    ]);
    expect(repo.comments[0]?.body).toContain("resolved by v0.1.1");
    // Again (redelivered release event): closed unmerged, branch gone: nothing more than a no-op delete.
    expect((await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" })).detail).toBe(`banner pull request #${pull} had been closed unmerged`);
    expect(repo.comments).toHaveLength(1);
    expectNothingWrittenTo(repo);
  });

  it("a merged banner gets a pull request removing exactly the banner, once", async () => {
    const repo = fakeRepo({ "README.md": README });
    const { pull } = await openBannerPull(ctx(), facts);
    merge(repo, pull ?? 0);
    // A person edits the README on the default branch meanwhile: their edit survives the removal.
    const edited = (repo.branches.get("main")?.get("README.md") ?? "").replace("A library.", "A library, edited.");
    repo.branches.get("main")?.set("README.md", edited);
    const retired = await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" });
    const removal = repo.pulls.find((candidate) => candidate.head === "anvil/resolved-v0.1.0");
    expect(retired).toEqual({ status: "done", detail: `#${removal?.number} removes the banner` });
    expect(repo.branches.get("anvil/resolved-v0.1.0")?.get("README.md")).toBe("# Widgets\n\nA library, edited.\n");
    expect(removal).toMatchObject({ base: "main", title: "README: remove the warning about v0.1.0 (fixed in v0.1.1)" });
    expect((await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" })).detail).toBe(`#${removal?.number} removes the banner (already opened)`);
    expect(repo.pulls).toHaveLength(2);
    expectNothingWrittenTo(repo);
  });

  it("a banner a person already removed needs no pull request", async () => {
    const repo = fakeRepo({ "README.md": README });
    const { pull } = await openBannerPull(ctx(), facts);
    merge(repo, pull ?? 0);
    repo.branches.get("main")?.set("README.md", README);
    expect(await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" })).toEqual({ status: "done", detail: "the banner is no longer in the README" });
    expect(repo.pulls).toHaveLength(1);
  });

  it("a pull request a person opened from Anvil's branch is not Anvil's: not counted as the banner, not closed, its branch kept", async () => {
    const repo = fakeRepo({ "README.md": README });
    repo.branches.set("anvil/revoked-v0.1.0", new Map([["README.md", "# Mallory's README\n"]]));
    repo.pulls.push({ number: 900, state: "open", merged: false, head: "anvil/revoked-v0.1.0", base: "main", title: "Totally the banner", body: "", author: "mallory" });
    expect(await openBannerPull(ctx(), facts)).toEqual({ status: "skipped", detail: "`anvil/revoked-v0.1.0` already has a pull request by someone else (#900, @mallory); Anvil leaves it alone and opens none" });
    expect(await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: "v0.1.1" })).toEqual({ status: "skipped", detail: "no README banner pull request" });
    expect(repo.sent.filter((request) => request.method !== "GET")).toEqual([]);
    expect(repo.pulls[0]?.state).toBe("open");
    expect(repo.branches.get("anvil/revoked-v0.1.0")?.get("README.md")).toBe("# Mallory's README\n");
  });

  it("without a banner pull request there is nothing to do", async () => {
    const repo = fakeRepo({ "README.md": README });
    expect(await retireBanner(ctx(), { tag: "v0.1.0", fixedTag: undefined })).toEqual({ status: "skipped", detail: "no README banner pull request" });
    expect(repo.sent.filter((request) => request.method !== "GET")).toEqual([]);
  });
});
