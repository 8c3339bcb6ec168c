import { afterEach, describe, expect, it } from "vitest";
import { openPostMortemPull } from "../../../src/shell/reach/open-post-mortem-pull.js";
import { sendNotifications } from "../../../src/shell/reach/send-notifications.js";
import type { PostMortemFacts } from "../../../src/rollback/post-mortem.js";
import type { MilestoneFacts } from "../../../src/rollback/notifications.js";
import { testOctokit } from "../../unit/github/octokit.js";
import { expectNothingWrittenTo, FAKE_BOT_LOGIN, fakeRepo, OWNER, REPO, resetFake } from "./fake-github.js";

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ctx = () => ({ octokit: testOctokit(), repo: { owner: OWNER, repo: REPO }, identity: { botLogin: FAKE_BOT_LOGIN }, log });
const TEMPLATE = "docs/incidents/{{date}}-{{slug}}.md";

const facts: PostMortemFacts = {
  tag: "v0.1.0",
  severity: "critical",
  action: "Immediate revocation + security advisory",
  respondWithin: "1 hour",
  reason: "broken installer",
  requestedBy: "maya",
  good: "v0.0.9",
  release: { name: "Widgets v0.1.0", publishedAt: "2026-11-24T09:00:00Z", commitSha: "f".repeat(40), immutable: false, assets: [] },
  plannedAt: "2026-11-25T10:00:00Z",
  revokedAt: "2026-11-25T10:03:00Z",
  audit: [{ at: "2026-11-25T10:03:00Z", actor: "maya", text: "delete-release: done (release deleted)" }],
  resolution: { at: "2026-11-25T12:00:00Z", fixedTag: "v0.1.1", by: "release" },
  incident: { number: 4, url: "https://github.com/acme/widgets/issues/4" },
};

afterEach(resetFake);

describe("post-mortem pull request", () => {
  it("commits the scaffold to anvil/post-mortem-<tag> and opens one pull request", async () => {
    const repo = fakeRepo({ "README.md": "# W\n" });
    const result = await openPostMortemPull(ctx(), facts, TEMPLATE);
    const pull = repo.pulls[0];
    expect(result).toEqual({ status: "done", detail: `#${pull?.number} adds \`docs/incidents/2026-11-25-v0-1-0-broken-installer.md\``, pull: pull?.number });
    expect(repo.sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /repos/acme/widgets/pulls",
      "GET /repos/acme/widgets",
      "GET /repos/acme/widgets/contents/docs/incidents/2026-11-25-v0-1-0-broken-installer.md",
      "GET /repos/acme/widgets/git/ref/heads/main",
      "POST /repos/acme/widgets/git/refs",
      "GET /repos/acme/widgets/contents/docs/incidents/2026-11-25-v0-1-0-broken-installer.md",
      "PUT /repos/acme/widgets/contents/docs/incidents/2026-11-25-v0-1-0-broken-installer.md",
      "POST /repos/acme/widgets/pulls",
    ]);
    expect(repo.branches.get("anvil/post-mortem-v0.1.0")?.get("docs/incidents/2026-11-25-v0-1-0-broken-installer.md")).toContain("# Post-mortem: v0.1.0 revoked");
    expect(pull).toMatchObject({ head: "anvil/post-mortem-v0.1.0", base: "main", title: "Post-mortem: v0.1.0 revoked" });
    expectNothingWrittenTo(repo);
  });

  it("one per incident, ever: not again when open, merged, or closed by a person", async () => {
    const repo = fakeRepo({});
    await openPostMortemPull(ctx(), facts, TEMPLATE);
    const pull = repo.pulls[0];
    if (pull) pull.state = "closed";
    const before = repo.sent.length;
    expect(await openPostMortemPull(ctx(), facts, TEMPLATE)).toEqual({ status: "done", detail: `#${pull?.number} (one post-mortem per incident)`, pull: pull?.number });
    expect(repo.sent.slice(before).map((request) => request.method)).toEqual(["GET"]);
  });

  it("never replaces a file of the same name: the tag goes beside it", async () => {
    const repo = fakeRepo({ "docs/POSTMORTEM.md": "theirs" });
    await openPostMortemPull(ctx(), facts, "docs/POSTMORTEM.md");
    expect(repo.branches.get("anvil/post-mortem-v0.1.0")?.get("docs/POSTMORTEM.md")).toBe("theirs");
    expect(repo.branches.get("anvil/post-mortem-v0.1.0")?.get("docs/POSTMORTEM-v0.1.0.md")).toContain("Post-mortem");
  });

  it("resumes after a failed pull request without committing twice", async () => {
    const repo = fakeRepo({});
    repo.failNext.push({ method: "POST", path: /\/pulls$/, status: 500, message: "oops" });
    await expect(openPostMortemPull(ctx(), facts, TEMPLATE)).rejects.toMatchObject({ status: 500 });
    expect((await openPostMortemPull(ctx(), facts, TEMPLATE)).status).toBe("done");
    expect(repo.sent.filter((request) => request.method === "PUT")).toHaveLength(1);
    expect(repo.pulls).toHaveLength(1);
  });
});

describe("notifications", () => {
  const milestone: MilestoneFacts = {
    milestone: "rollback",
    repository: "acme/widgets",
    tag: "v0.1.0",
    versionToUse: "v0.0.9",
    severity: "critical",
    reason: "broken installer",
    actor: "maya",
    announcementUrl: "https://github.com/acme/widgets/issues/5",
    incidentUrl: "https://github.com/acme/widgets/issues/4",
    fixedIn: null,
  };
  const settings = { severities: ["critical", "high"] as const, dispatch: true, webhookUrl: undefined };

  it("sends the repository_dispatch event with its payload", async () => {
    const repo = fakeRepo({});
    expect(await sendNotifications(ctx(), milestone, settings)).toEqual({ status: "done", detail: "`anvil-rollback` sent" });
    expect(repo.sent).toEqual([{ method: "POST", path: "/repos/acme/widgets/dispatches", body: { event_type: "anvil-rollback", client_payload: expect.objectContaining({ tag: "v0.1.0", version_to_use: "v0.0.9", severity: "critical", drill: false }) } }]);
  });

  it("sends nothing for a severity that does not notify, or with dispatch off and no webhook", async () => {
    const repo = fakeRepo({});
    expect(await sendNotifications(ctx(), { ...milestone, severity: "medium" }, settings)).toEqual({ status: "skipped", detail: "medium is not in `notifications.severities`" });
    expect(await sendNotifications(ctx(), milestone, { ...settings, dispatch: false })).toEqual({ status: "skipped", detail: "dispatch off (`notifications.dispatch: false`) and no webhook configured" });
    expect(repo.sent).toEqual([]);
  });

  it("a dispatch refused for want of permission is reported, not fatal; other failures fail the step", async () => {
    const repo = fakeRepo({});
    repo.failNext.push({ method: "POST", path: /dispatches$/, status: 403, message: "Resource not accessible by integration" });
    expect(await sendNotifications(ctx(), milestone, settings)).toEqual({ status: "done", detail: "the app may not send repository_dispatch here (needs Contents: write)" });
    repo.failNext.push({ method: "POST", path: /dispatches$/, status: 500, message: "boom" });
    await expect(sendNotifications(ctx(), milestone, settings)).rejects.toMatchObject({ status: 500 });
  });
});
