import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { examplePayload } from "../helpers/fixtures.js";
import { createTestProbot, githubApi, sent, setupNock, teardownNock } from "../helpers/probot.js";

type Json = Record<string, unknown>;
let probot: Probot;

beforeEach(() => {
  setupNock();
  githubApi(); // records anything sent, answers nothing
  probot = createTestProbot();
});
afterEach(() => teardownNock());

// Hostile or truncated payloads that still carry a valid signature must neither crash a handler
// (a 500 invites GitHub to redeliver) nor cause a single GitHub request.
const cases: Array<[string, string, (payload: Json) => Json]> = [
  ["issue_comment without a comment", "issue_comment", ({ comment: _comment, ...rest }) => rest],
  ["issue_comment whose body is not a string", "issue_comment", (payload) => ({ ...payload, comment: { ...(payload.comment as Json), body: { $gt: "" } } })],
  ["issues.edited without changes", "issues", ({ changes: _changes, ...rest }) => rest],
  ["issues.edited without an issue", "issues", ({ issue: _issue, ...rest }) => rest],
  ["push without commits or head commit", "push", ({ commits: _c, head_commit: _h, ...rest }) => rest],
  ["push without a repository", "push", ({ repository: _repository, ...rest }) => rest],
  ["release without a release", "release", ({ release: _release, ...rest }) => rest],
  ["release.released without a release", "release.released", ({ release: _release, ...rest }) => rest],
  ["anything with a repository owner missing", "issue_comment", (payload) => ({ ...payload, repository: { ...(payload.repository as Json), owner: null } })],
];

describe("malformed payloads", () => {
  it.each(cases)("%s: ignored, no request, no error", async (_name, event, mutate) => {
    const [name = event, explicit] = event.split(".");
    const action = explicit ?? (name === "issue_comment" ? "created" : name === "issues" ? "edited" : name === "release" ? "published" : undefined);
    const base = examplePayload<Json>(name, action);
    if (name === "issue_comment") (base.comment as Json).body = "/rollback v1.0.0";
    await expect(probot.receive({ id: "hostile", name, payload: mutate(base) } as never)).resolves.toBeUndefined();
    expect(sent).toEqual([]);
  });
});
