import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, type RunningApp } from "../../harness/app-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

/**
 * Organization policy end to end (issue 9, item 4): the real server reads `<org>/.github`'s file
 * from the simulated GitHub, whatever the repository's file says, and fails closed when it is broken.
 */

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

function project(owner: string, name: string, anvilYml: string): RepoState {
  return sim.addRepo({
    owner,
    repo: name,
    collaborators: { olga: "admin", maya: "maintain", walt: "write" },
    files: { ".github/anvil.yml": anvilYml, "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.0"\n' },
    releases: [{ tag: "v0.0.9" }, { tag: "v0.1.0", assets: [{ name: "widgets-0.1.0.tar.gz", size: 10, digest: "sha256:feed" }] }],
    issues: [{ title: "Installer crashes on 0.1.0", author: "reporter" }],
  });
}

const anvilComments = (repo: RepoState) => repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]") ?? [];

async function say(repo: RepoState, body: string, author: string) {
  const response = await app.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, author));
  expect([200, 202]).toContain(response.status);
}

describe("organization policy end to end (real server, simulated GitHub)", () => {
  it("a repository that `_extends` a permissive file elsewhere and sets confirm: false stays under the organization's ceiling and floor", async () => {
    sim.addRepo({ owner: "acme", repo: ".github", files: { ".github/anvil.yml": "rollback:\n  allowedRoles: [admin]\n  confirm: true\n" } });
    sim.addRepo({ owner: "mallory", repo: "configs", files: { ".github/anvil.yml": "rollback:\n  allowedRoles: [admin, maintain, write]\n  confirm: false\n" } });
    const repo = project("acme", "widgets", "_extends: mallory/configs\nrollback:\n  allowedRoles: [admin, maintain, write]\n  confirm: false\n");

    // A maintainer is beyond the organization's ceiling: refused, nothing changed.
    await say(repo, "/rollback v0.1.0 --severity critical", "maya");
    await eventually(() => expect(anvilComments(repo)).toHaveLength(1));
    expect(anvilComments(repo)[0]?.body).toContain("needs the `admin` role");
    expect(repo.releases).toHaveLength(2);

    // An admin's first command only plans (the floor), whatever the repository's confirm: false says.
    // (critical: its response deletes the release, so running instead of planning would show.)
    await say(repo, "/rollback v0.1.0 --severity critical", "olga");
    await eventually(() => expect(anvilComments(repo).some((comment) => comment.body.includes("Rollback plan for `v0.1.0`"))).toBe(true));
    await settle(sim, 2000);
    expect(anvilComments(repo).map((comment) => /"phase":"(\w+)"/.exec(comment.body)?.[1] ?? "reply")).toEqual(["reply", "planned"]);
    expect(anvilComments(repo)[1]?.body).toContain("To execute this plan, an authorized maintainer comments `/rollback v0.1.0 --confirm`");
    expect(repo.releases.map((release) => release.tag_name)).toEqual(["v0.0.9", "v0.1.0"]);
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect(sim.violations()).toEqual([]);
  }, 90_000);

  it("a broken organization file: /rollback fails closed with a reply, and the problem is reported once, in <org>/.github", async () => {
    const org = sim.addRepo({ owner: "globex", repo: ".github", files: { ".github/anvil.yml": "rollback:\n  allowedRoles: admin\n" } });
    const repo = project("globex", "widgets", "rollback:\n  allowedRoles: [admin]\n  confirm: false\n");
    const other = project("globex", "gadgets", "enabled: true\n");

    await say(repo, "/rollback v0.1.0 --confirm", "olga");
    await eventually(() => expect(anvilComments(repo)).toHaveLength(1));
    expect(anvilComments(repo)[0]?.body).toContain("the organization's Anvil configuration is invalid");
    expect(anvilComments(repo)[0]?.body).toContain("globex/.github:.github/anvil.yml");
    expect(repo.releases).toHaveLength(2);

    for (const target of [repo, other, repo]) {
      expect((await app.sendWebhook("push", payloads(sim, target).push({ after: "b".repeat(40) }))).status).toBe(200);
    }
    await eventually(() => expect([...org.issues.values()]).toHaveLength(1));
    await settle(sim, 3_500); // longer than the throttle's 3 s between writes, so a second report would show
    const [report] = [...org.issues.values()];
    expect(report?.title).toBe("Anvil is paused in this organization: its configuration file is invalid");
    expect(org.issues.size).toBe(1);
    // Not in the repositories themselves (their only issue is the one the story started with).
    expect([...repo.issues.values()].map((issue) => issue.number)).toEqual([1]);
    expect([...other.issues.values()].map((issue) => issue.number)).toEqual([1]);
    expect(repo.checkRuns).toHaveLength(0);
    expect(sim.violations()).toEqual([]);
  }, 90_000);
});
