import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RollbackState } from "../../../src/rollback/plan.js";
import { renderStatusComment } from "../../../src/rollback/plan.js";
import { lastKnownGood } from "../../../src/rollback/last-known-good.js";
import { authorize } from "../../../src/shell/rollback/authorize.js";
import { checkTag } from "../../../src/shell/rollback/check-tag.js";
import { findOwnState } from "../../../src/shell/rollback/find-own-state.js";
import { resolveRelease } from "../../../src/shell/rollback/resolve-release.js";
import { BOT_LOGIN, githubApi, sent, setupNock, teardownNock } from "../../helpers/probot.js";
import { plannedState, R, testContext } from "./context.js";

beforeEach(setupNock);
afterEach(teardownNock);

const rawRelease = (id: number, tag: string, extra: Record<string, unknown> = {}) => ({
  id, tag_name: tag, name: tag, body: "", draft: false, prerelease: false, target_commitish: "main",
  created_at: "2026-11-01T00:00:00Z", published_at: "2026-11-01T00:00:00Z", html_url: "https://x", assets: [], ...extra,
});

describe("authorize", () => {
  it("lets an allowed role through without a reply", async () => {
    githubApi().get(`${R}/collaborators/maya/permission`).reply(200, { permission: "admin", role_name: "maintain" });
    const { ctx, replies } = testContext();
    expect(await authorize(ctx)).toBe(true);
    expect(replies).toEqual([]);
  });

  it("refuses any other role, and a non-collaborator, with one polite reply", async () => {
    githubApi()
      .get(`${R}/collaborators/walt/permission`).reply(200, { permission: "write", role_name: "write" })
      .get(`${R}/issues/1/comments`).query(true).reply(200, []);
    const { ctx, replies } = testContext({ actor: "walt" });
    expect(await authorize(ctx)).toBe(false);
    expect(replies).toEqual([expect.stringContaining("yours is `write`")]);
  });
});

describe("find own state", () => {
  it("keeps only Anvil's comments whose signed state verifies, across pages", async () => {
    const { ctx } = testContext();
    const state = plannedState();
    const signed = renderStatusComment(ctx.markers, state, { confirmRequired: true, ttlMinutes: 30 });
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: "chatter", user: { login: "someone" }, created_at: "2026-11-25T00:00:00Z" }));
    githubApi()
      .get(`${R}/issues/1/comments`).query({ per_page: "100" })
      .reply(200, page1, { link: `<https://api.github.com${R}/issues/1/comments?per_page=100&page=2>; rel="next"` })
      .get(`${R}/issues/1/comments`).query({ per_page: "100", page: "2" })
      .reply(200, [
        { id: 201, body: signed, user: { login: "mallory" }, created_at: "2026-11-25T00:00:00Z" },
        { id: 202, body: signed.replace("releaseId\":3", "releaseId\":2"), user: { login: BOT_LOGIN }, created_at: "2026-11-25T00:00:00Z" },
        { id: 203, body: signed, user: { login: BOT_LOGIN }, created_at: "2026-11-25T00:00:00Z" },
      ]);
    const own = await findOwnState(ctx);
    expect(own.statuses).toEqual([{ commentId: 203, state: expect.objectContaining({ plan: state.plan }) }]);
    // The edited one is noticed as altered (with its tag), never acted on.
    expect(own.altered).toEqual([{ commentId: 202, tags: ["v0.1.0"] }]);
  });
});

describe("resolve the release", () => {
  it("finds the release with or without the v, and the commit its tag points to (annotated tags peeled)", async () => {
    githubApi()
      .get(`${R}/releases`).query(true).reply(200, [rawRelease(3, "v0.1.0"), rawRelease(2, "v0.0.9")])
      .get(`${R}/git/ref/tags%2Fv0.1.0`).reply(200, { object: { sha: "t".repeat(40), type: "tag" } })
      .get(`${R}/git/tags/${"t".repeat(40)}`).reply(200, { object: { sha: "c".repeat(40), type: "commit" } });
    const { ctx } = testContext();
    const resolved = await resolveRelease(ctx, "0.1.0");
    expect(resolved).toMatchObject({ release: { id: 3, tag: "v0.1.0" }, commitSha: "c".repeat(40) });
  });

  it("reads further pages while many pre-releases and drafts sit above the last known good version, and no further", async () => {
    const page1 = [rawRelease(500, "v0.1.0"), ...Array.from({ length: 99 }, (_, i) => rawRelease(400 - i, `v0.1.0-rc.${i}`, i % 2 ? { prerelease: true } : { draft: true, published_at: null }))];
    const next = (page: number) => ({ link: `<https://api.github.com${R}/releases?per_page=100&page=${page}>; rel="next"` });
    githubApi()
      .get(`${R}/releases`).query({ per_page: "100" }).reply(200, page1, next(2))
      .get(`${R}/releases`).query({ per_page: "100", page: "2" }).reply(200, [rawRelease(2, "v0.0.9")], next(3))
      .get(`${R}/git/ref/tags%2Fv0.1.0`).reply(200, { object: { sha: "c".repeat(40), type: "commit" } });
    const { ctx } = testContext();
    const resolved = await resolveRelease(ctx, "v0.1.0");
    expect("release" in resolved && lastKnownGood(resolved.releases, "v0.1.0")?.tag).toBe("v0.0.9");
    expect(sent.filter((request) => request.path.endsWith("/releases"))).toHaveLength(2);
  });

  it("refuses a draft and a missing tag, politely", async () => {
    githubApi()
      .get(`${R}/releases`).query(true).times(2).reply(200, [rawRelease(4, "v0.2.0", { draft: true })])
      .get(`${R}/releases/tags/v9.9.9`).reply(404, { message: "Not Found" })
      .get(`${R}/releases/tags/9.9.9`).reply(404, { message: "Not Found" });
    const { ctx } = testContext();
    expect(await resolveRelease(ctx, "v0.2.0")).toEqual({ refusal: expect.stringContaining("it is a draft") });
    expect(await resolveRelease(ctx, "v9.9.9")).toEqual({ refusal: expect.stringContaining("found no release for `v9.9.9`") });
  });
});

describe("check the tag", () => {
  const state = (extra: Partial<RollbackState["plan"]> = {}, outcomes: RollbackState["outcomes"] = {}) =>
    ({ plan: { tag: "v0.1.0", commitSha: "c".repeat(40), immutable: false, ...extra }, outcomes }) as unknown as RollbackState;

  it("reports where a moved tag points now; a tag still in place or gone is fine", async () => {
    githubApi()
      .get(`${R}/git/ref/tags%2Fv0.1.0`).reply(200, { object: { sha: "f".repeat(40), type: "commit" } })
      .get(`${R}/git/ref/tags%2Fv0.1.0`).reply(200, { object: { sha: "c".repeat(40), type: "commit" } })
      .get(`${R}/git/ref/tags%2Fv0.1.0`).reply(404, { message: "Not Found" });
    const { ctx } = testContext();
    expect(await checkTag(ctx, state())).toEqual({ movedTo: "f".repeat(40) });
    expect(await checkTag(ctx, state())).toBeUndefined();
    expect(await checkTag(ctx, state())).toBeUndefined();
  });

  it("does not look once the tag was deleted by this rollback, or for an immutable release", async () => {
    const { ctx } = testContext();
    expect(await checkTag(ctx, state({}, { "delete-tag": { status: "done", detail: "", at: "" } }))).toBeUndefined();
    expect(await checkTag(ctx, state({ immutable: true }))).toBeUndefined();
    expect(sent).toEqual([]);
  });
});
