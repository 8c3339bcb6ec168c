import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, type RunningApp } from "../../harness/app-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

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

function seed(name: string, extra: Partial<Parameters<Simulator["addRepo"]>[0]> = {}): RepoState {
  return sim.addRepo({
    owner: "acme",
    repo: name,
    collaborators: { maya: "maintain", walt: "write" },
    files: { "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.0"\n' },
    releases: [
      { tag: "v0.0.8", name: "Widgets v0.0.8" },
      { tag: "v0.0.9", name: "Widgets v0.0.9" },
      { tag: "v0.1.0", name: "Widgets v0.1.0", body: "Notes", assets: [{ name: "widgets-0.1.0-wheelhouse.tar.gz", size: 4096, digest: "sha256:feed" }] },
    ],
    issues: [{ title: "Installer crashes on 0.1.0", author: "reporter" }],
    ...extra,
  });
}

const statusComment = (repo: RepoState) => repo.issues.get(1)?.comments.find((comment) => comment.user.login === "anvil[bot]" && comment.body.includes("anvil:rollback"));
const issuesTitled = (repo: RepoState, pattern: RegExp) => [...repo.issues.values()].filter((issue) => pattern.test(issue.title));

async function say(repo: RepoState, body: string, author = "maya") {
  const response = await app.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, author));
  expect([200, 202]).toContain(response.status);
}

describe("/rollback end to end (real server, simulated GitHub)", () => {
  it("plan, confirm: release and tag gone, announcement open and pinned, incident issue, advisory drafted for critical", async () => {
    const repo = seed("full");
    await say(repo, "/rollback v0.1.0 --severity critical --reason \"installer deletes files\"");
    await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback plan for `v0.1.0`"));
    expect(repo.releases).toHaveLength(3);

    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback of `v0.1.0` complete"), 60_000);
    expect(repo.releases.map((release) => release.tag_name)).toEqual(["v0.0.8", "v0.0.9"]);
    expect(repo.tags.has("v0.1.0")).toBe(false);
    const [announcement] = issuesTitled(repo, /has been revoked/);
    expect(announcement?.title).toBe("[SECURITY] v0.1.0 has been revoked: use v0.0.9");
    expect(announcement?.pinned).toBe(true);
    expect(announcement?.body).toContain('pip install "widgets==0.0.9"');
    expect(issuesTitled(repo, /^Incident: v0\.1\.0/)).toHaveLength(1);
    expect(repo.advisories).toHaveLength(1);
    expect(repo.advisories[0]).toMatchObject({ severity: "critical", state: "draft" });
    expect(repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]")).toHaveLength(1);
    expect(sim.violations()).toEqual([]);
  }, 90_000);

  it("each step failing once with 502: the run still completes (Octokit retries) and a second --confirm duplicates nothing", async () => {
    const repo = seed("flaky");
    await say(repo, "/rollback v0.1.0 --severity critical");
    await eventually(() => expect(statusComment(repo)).toBeDefined());
    for (const [method, path] of [
      ["POST", "/repos/acme/flaky/issues"],
      ["DELETE", /\/repos\/acme\/flaky\/releases\/\d+/],
      ["DELETE", "/repos/acme/flaky/git/refs/tags/v0.1.0"],
      ["POST", "/api/graphql"],
      ["POST", "/repos/acme/flaky/security-advisories"],
      ["PATCH", /\/repos\/acme\/flaky\/issues\/\d+$/],
    ] as const) sim.fail({ method, path, status: 502 });
    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(statusComment(repo)?.body).toContain("complete"), 90_000);
    await say(repo, "/rollback v0.1.0 --confirm");
    await settle(sim, 3_500);
    expect(issuesTitled(repo, /has been revoked/)).toHaveLength(1);
    expect(issuesTitled(repo, /^Incident/)).toHaveLength(1);
    expect(repo.advisories).toHaveLength(1);
    expect(sim.violations()).toEqual([]);
  }, 120_000);

  it("a step that keeps failing stops the run; the same --confirm resumes it without repeating finished steps", async () => {
    const repo = seed("resume");
    await say(repo, "/rollback v0.1.0");
    await eventually(() => expect(statusComment(repo)).toBeDefined());
    sim.fail({ method: "DELETE", path: "/repos/acme/resume/git/refs/tags/v0.1.0", status: 502, times: 4 }); // outlasts Octokit's 3 retries
    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(statusComment(repo)?.body).toContain("stopped at a failed step"), 60_000);
    expect(statusComment(repo)?.body).toContain("❌ Delete tag");
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect(repo.releases.some((release) => release.tag_name === "v0.1.0")).toBe(false);

    const deletesBefore = sim.requests({ method: "DELETE", path: /\/releases\// }).length;
    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(statusComment(repo)?.body).toContain("complete"), 60_000);
    expect(repo.tags.has("v0.1.0")).toBe(false);
    expect(sim.requests({ method: "DELETE", path: /\/releases\// }).length).toBe(deletesBefore);
    expect(issuesTitled(repo, /^Incident/)).toHaveLength(1);
    expect(issuesTitled(repo, /has been revoked/)).toHaveLength(1);
  }, 90_000);

  it("an unauthorized /rollback destroys nothing and explains why", async () => {
    const repo = seed("unauthorized");
    sim.clearRequests();
    await say(repo, "/rollback v0.1.0 --confirm", "walt");
    await eventually(() => expect(repo.issues.get(1)?.comments.some((comment) => comment.body.includes("needs the `admin` or `maintain` role"))).toBe(true));
    expect(repo.releases).toHaveLength(3);
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect(sim.requests().filter((request) => request.method === "DELETE" || request.path.includes("/releases"))).toEqual([]);
  });
});

describe("/rollback end to end: a plan nobody can redirect (issue 9)", () => {
  const anvilComments = (repo: RepoState) => repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]") ?? [];

  it("an edited plan comment (release id changed) then --confirm: refused in one reply, nothing deleted", async () => {
    const repo = seed("tampered");
    await say(repo, "/rollback v0.1.0");
    await eventually(() => expect(statusComment(repo)).toBeDefined());
    const plan = statusComment(repo)!;
    const goodId = repo.releases.find((release) => release.tag_name === "v0.0.9")?.id;
    const planned = /"releaseId":(\d+)/.exec(plan.body)?.[1];
    plan.body = plan.body.replace(`"releaseId":${planned}`, `"releaseId":${goodId}`);
    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(anvilComments(repo).some((comment) => comment.body.includes("was edited after I wrote it"))).toBe(true));
    await settle(sim, 3_500);
    expect(repo.releases).toHaveLength(3);
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect(anvilComments(repo)).toHaveLength(2);
    expect(sim.requests({ method: "DELETE" })).toEqual([]);
  }, 60_000);

  it("a --confirm hidden in an HTML comment does nothing", async () => {
    const repo = seed("hidden");
    await say(repo, "/rollback v0.1.0");
    await eventually(() => expect(statusComment(repo)).toBeDefined());
    sim.clearRequests();
    await say(repo, "Thanks! <!-- \n/rollback v0.1.0 --confirm\n -->");
    await settle(sim, 3_500);
    expect(sim.requests().filter((request) => request.path.includes("/repos/acme/hidden"))).toEqual([]);
    expect(repo.releases).toHaveLength(3);
    expect(statusComment(repo)?.body).toContain("nothing has been changed yet");
  }, 60_000);

  it("--severity critical --confirm on a low plan: a new plan naming the difference, nothing executed", async () => {
    const repo = seed("mismatch");
    await say(repo, "/rollback v0.1.0 --severity low");
    await eventually(() => expect(statusComment(repo)).toBeDefined());
    await say(repo, "/rollback v0.1.0 --severity critical --confirm");
    await eventually(() => expect(anvilComments(repo).some((comment) => comment.body.includes("the plan has “low”, the confirmation asks for “critical”"))).toBe(true));
    await settle(sim, 3_500);
    expect(repo.releases).toHaveLength(3);
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect(repo.advisories).toHaveLength(0);
    expect([...repo.issues.values()].filter((issue) => /Incident|revoked/.test(issue.title))).toEqual([]);
    expect(sim.violations()).toEqual([]);
  }, 60_000);
});
