import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestRelease, publishRelease, startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, type RunningApp } from "../../harness/app-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

/** Issue 11 end to end (real server, simulated GitHub): the response per severity, then the fix. */

let sim: Simulator;
let app: RunningApp;

beforeAll(async () => {
  sim = await startSimulator({ repos: [] });
  app = await startApp({ simulator: sim });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

function seed(name: string): RepoState {
  return sim.addRepo({
    owner: "acme",
    repo: name,
    collaborators: { maya: "maintain" },
    files: { "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.1"\n' },
    releases: [
      { tag: "v0.0.9", name: "Widgets v0.0.9" },
      { tag: "v0.1.0", name: "Widgets v0.1.0", body: "Notes" },
    ],
    issues: [{ title: "Installer crashes on 0.1.0", author: "reporter" }],
  });
}

const statusComment = (repo: RepoState) => repo.issues.get(1)?.comments.find((comment) => comment.user.login === "anvil[bot]" && comment.body.includes("anvil:rollback"));
const issueTitled = (repo: RepoState, pattern: RegExp) => [...repo.issues.values()].find((issue) => pattern.test(issue.title));

async function say(repo: RepoState, body: string) {
  const response = await app.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, "maya"));
  expect([200, 202]).toContain(response.status);
}

async function rollBack(repo: RepoState, command: string) {
  await say(repo, command);
  await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback plan for `v0.1.0`"));
  await say(repo, "/rollback v0.1.0 --confirm");
  await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback of `v0.1.0` complete"), 60_000);
}

describe("severity and resolution end to end", () => {
  it("critical (the default) then the hotfix: the announcement is resolved, unpinned and closed, the advisory patched, the incident ticked", async () => {
    const repo = seed("critical-fix");
    await rollBack(repo, '/rollback v0.1.0 --reason "installer deletes files"');
    expect(repo.tags.has("v0.1.0")).toBe(false);
    const announcement = issueTitled(repo, /has been revoked/);
    expect(announcement?.pinned).toBe(true);
    expect(repo.advisories).toHaveLength(1);

    publishRelease(repo, { tag: "v0.1.1", name: "Widgets v0.1.1" });
    const response = await app.sendWebhook("release", payloads(sim, repo).releasePublished("v0.1.1"));
    expect([200, 202]).toContain(response.status);
    // As GitHub does for a full release: `released` follows `published`; it is what resolves.
    expect([200, 202]).toContain((await app.sendWebhook("release", payloads(sim, repo).releaseReleased("v0.1.1"))).status);
    await eventually(() => expect(statusComment(repo)?.body).toContain("**Resolved** in"), 60_000);
    // Issue 12's actions (README banner, post-mortem, anvil-resolved) come last: wait for the last one.
    await eventually(() => expect(issueTitled(repo, /^Incident: v0\.1\.0/)?.body).toContain("notify\\u002dresolved"), 60_000);

    expect(announcement?.state).toBe("closed");
    expect(announcement?.pinned).toBe(false);
    expect(announcement?.body).toContain("## Resolved in v0.1.1");
    expect(announcement?.body).toContain('pip install "widgets==0.1.1"');
    expect(repo.advisories[0]?.vulnerabilities[0]?.patched_versions).toBe("0.1.1");
    expect(repo.advisories[0]?.state).toBe("draft"); // publishing needs a human (publishOnResolution is off)
    const incident = issueTitled(repo, /^Incident: v0\.1\.0/);
    expect(incident?.body).toMatch(/- \[x\] Tag the hotfix release — \[v0\.1\.1\]/);
    expect(incident?.comments.filter((comment) => comment.body.includes("is resolved in v0.1.1"))).toHaveLength(1);

    // The same delivery again changes nothing.
    const facts = () => JSON.stringify([announcement?.state, announcement?.pinned, announcement?.body, incident?.comments.length, incident?.body.match(/- \[x\]/g)?.length, repo.advisories]);
    const before = facts();
    await app.sendWebhook("release", payloads(sim, repo).releasePublished("v0.1.1"));
    await app.sendWebhook("release", payloads(sim, repo).releaseReleased("v0.1.1"));
    await settle(sim, 3_500); // longer than the throttle's 3 s between writes
    expect(facts()).toBe(before);
  }, 180_000);

  it("high: the tag and release are kept, the release is demoted with a caution banner, the last known good is Latest", async () => {
    const repo = seed("high");
    await rollBack(repo, "/rollback v0.1.0 --severity high");
    expect(repo.tags.has("v0.1.0")).toBe(true);
    const revoked = repo.releases.find((release) => release.tag_name === "v0.1.0");
    expect(revoked?.prerelease).toBe(true);
    expect(revoked?.name).toBe("[REVOKED] Widgets v0.1.0");
    expect(revoked?.body).toContain("**This release has been revoked.** Use v0.0.9 instead.");
    expect(latestRelease(repo)?.tag_name).toBe("v0.0.9");
    expect(issueTitled(repo, /has been revoked/)?.pinned).toBe(true);
    expect(repo.advisories).toHaveLength(0);
  }, 120_000);
});
