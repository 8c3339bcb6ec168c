import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { branchHead, latestRelease, startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, type RunningApp } from "../../harness/app-process.js";
import { startNotifyReceiver, type NotifyReceiver } from "../../harness/notify-receiver.js";
import { payloads } from "../../harness/webhook-payloads.js";

/** Issue 12's rollback drill end to end: `/anvil drill` runs the whole critical rollback on a throwaway pre-release and leaves nothing behind. */
let sim: Simulator;
let app: RunningApp;
let receiver: NotifyReceiver;
let received: unknown[];
const README = "# Widgets\n\nA library.\n";

beforeAll(async () => {
  // The deployment's webhook (ANVIL_NOTIFY_URL) is drilled too.
  receiver = await startNotifyReceiver();
  received = receiver.received;
  sim = await startSimulator({ repos: [] });
  app = await startApp({ simulator: sim, env: { ANVIL_NOTIFY_URL: receiver.urlWith("/hooks/plugh-drill-token") } });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await sim?.close();
  await receiver?.close();
});

function seed(name: string): RepoState {
  return sim.addRepo({
    owner: "acme",
    repo: name,
    collaborators: { maya: "maintain" },
    files: { "README.md": README, "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.0"\n' },
    releases: [
      { tag: "v0.0.9", name: "Widgets v0.0.9" },
      { tag: "v0.1.0", name: "Widgets v0.1.0", body: "Notes" },
    ],
    issues: [{ title: "Release practice", author: "maya" }],
  });
}

const drillStatus = (repo: RepoState) => repo.issues.get(1)?.comments.find((comment) => comment.user.login === "anvil[bot]" && comment.body.includes("anvil:drill-status"));

async function say(repo: RepoState, body: string, user = "maya") {
  const response = await app.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, user));
  expect([200, 202]).toContain(response.status);
}

describe("rollback drill end to end (real server, simulated GitHub)", () => {
  it("--dry-run shows the plan and changes nothing", async () => {
    const repo = seed("drill-dry");
    const before = { releases: repo.releases.length, tags: [...repo.tags.keys()], issues: repo.issues.size, head: repo.headSha };
    await say(repo, "/anvil drill --dry-run");
    await eventually(() => expect(drillStatus(repo)?.body).toContain("### Rollback drill `v0.1.1-drill.1` — dry run: nothing has been changed"));
    await settle(sim, 3_500);
    expect(received).toEqual([]);
    expect(repo.releases).toHaveLength(before.releases);
    expect([...repo.tags.keys()]).toEqual(before.tags);
    expect(repo.issues.size).toBe(before.issues);
    expect(repo.headSha).toBe(before.head);
    expect(repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]")).toHaveLength(1);
    expect(sim.violations()).toEqual([]);
  }, 60_000);

  it("a full drill leaves nothing behind", async () => {
    const repo = seed("drill");
    const latestBefore = latestRelease(repo)?.tag_name;
    expect(latestBefore).toBe("v0.1.0");
    const realReleases = repo.releases.map((release) => ({ id: release.id, tag: release.tag_name, name: release.name, body: release.body, prerelease: release.prerelease }));
    const head = repo.headSha;
    const command = payloads(sim, repo).comment(1, "/anvil drill", "maya");
    expect((await app.sendWebhook("issue_comment", command)).status).toBeLessThan(300);
    await eventually(() => expect(drillStatus(repo)?.body).toContain("### Rollback drill `v0.1.1-drill.1` finished"), 180_000);
    const report = drillStatus(repo)?.body ?? "";
    expect(report).toContain("✅ Every step worked and was cleaned up.");
    expect(report).toMatch(/The rollback steps took [\d.]+ (ms|s), within the 1 h deadline\./);

    // Every step a critical rollback runs, reported, and what it created gone again.
    const issues = [...repo.issues.values()].filter((issue) => issue.user.login === "anvil[bot]");
    const announcement = issues.find((issue) => issue.title.startsWith("[DRILL] [SECURITY] v0.1.1-drill.1 has been revoked"));
    const incident = issues.find((issue) => issue.title.startsWith("[DRILL] Incident: v0.1.1-drill.1 revoked"));
    expect(announcement).toMatchObject({ state: "closed", pinned: false });
    expect(announcement?.body).toContain("This is a rollback drill.");
    expect(incident).toMatchObject({ state: "closed" });
    expect(incident?.labels).toEqual(expect.arrayContaining(["incident", "anvil:drill"]));
    expect(incident?.body).toContain("anvil:drill ");
    expect(incident?.body).toContain("### Rollback drill `v0.1.1-drill.1` finished");
    expect(repo.advisories).toHaveLength(1);
    expect(repo.advisories[0]).toMatchObject({ state: "closed" });
    expect(repo.advisories[0]?.summary).toMatch(/^\[DRILL\] /);
    const banner = [...repo.pulls.values()].find((pull) => pull.head === "anvil/revoked-v0.1.1-drill.1");
    expect(banner).toMatchObject({ state: "closed" });
    expect(banner?.title).toContain("[drill]");
    expect(branchHead(repo, "anvil/revoked-v0.1.1-drill.1")).toBeUndefined();
    expect(repo.dispatches.map((dispatch) => dispatch.event_type)).toEqual(["anvil-drill"]);
    expect(repo.dispatches[0]?.client_payload).toMatchObject({ tag: "v0.1.1-drill.1", version_to_use: "v0.1.0", drill: true, actor: "maya" });
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ text: expect.stringContaining("Rollback drill: v0.1.1-drill.1 (not a real incident)") });
    expect(report).toContain("Post to the notification webhook");
    expect(app.logs.join("\n")).not.toContain("plugh");

    // No drill release or tag; the real releases, Latest and the default branch exactly as before.
    expect(repo.releases.some((release) => release.tag_name.includes("drill"))).toBe(false);
    expect([...repo.tags.keys()].some((tag) => tag.includes("drill"))).toBe(false);
    expect(repo.releases.map((release) => ({ id: release.id, tag: release.tag_name, name: release.name, body: release.body, prerelease: release.prerelease }))).toEqual(realReleases);
    expect(latestRelease(repo)?.tag_name).toBe(latestBefore);
    expect(repo.headSha).toBe(head);
    expect(repo.files.get("README.md")).toBe(README);
    const writes = sim.requests().filter((request) => request.path.startsWith(`/repos/acme/${repo.repo}/`) && request.method !== "GET");
    expect(writes.filter((request) => /\/git\/refs\/heads\/main$/.test(request.path) || /\/contents\//.test(request.path) && (request.body as { branch?: string } | undefined)?.branch !== "anvil/revoked-v0.1.1-drill.1")).toEqual([]);
    const realIds = new Set(realReleases.map((release) => release.id));
    expect(writes.filter((request) => /\/releases\/(\d+)$/.test(request.path) && realIds.has(Number(/\/releases\/(\d+)$/.exec(request.path)?.[1])))).toEqual([]);

    // A redelivery of the same comment starts no second drill.
    await eventually(() => expect(repo.issues.get(1)?.comments.find((comment) => comment.body === "/anvil drill")?.reactions.map((reaction) => reaction.content)).toContain("rocket"));
    await settle(sim, 3_500);
    const before = sim.requests().length;
    expect((await app.sendWebhook("issue_comment", command, { deliveryId: "redelivered-drill" })).status).toBeLessThan(300);
    await settle(sim, 3_500);
    expect(sim.requests().slice(before).filter((request) => request.method !== "GET" && !request.path.includes("access_tokens"))).toEqual([]);
    expect(sim.violations()).toEqual([]);
  }, 300_000);

  it("a drill cut off by kill -9 and redelivered resumes on the next process: nothing created twice, nothing left behind", async () => {
    const repo = seed("drill-killed");
    const victim = await startApp({ simulator: sim });
    let successor: RunningApp | undefined;
    try {
      const command = payloads(sim, repo).comment(1, "/anvil drill", "maya");
      expect((await victim.sendWebhook("issue_comment", command)).status).toBeLessThan(300);
      // Pull the plug once the announcement exists: release, tag and incident are made, the rest is not.
      await eventually(() => expect([...repo.issues.values()].some((issue) => issue.title.startsWith("[DRILL] [SECURITY]"))).toBe(true), 120_000);
      victim.process.kill("SIGKILL");
      successor = await startApp({ simulator: sim });
      expect((await successor.sendWebhook("issue_comment", command, { deliveryId: "redelivered-after-kill" })).status).toBeLessThan(300);
      await eventually(() => expect(drillStatus(repo)?.body).toContain("### Rollback drill `v0.1.1-drill.1` finished"), 180_000);
      await settle(sim, 3_500);

      const posts = (path: string) => sim.requests({ method: "POST" }).filter((request) => request.path === `/repos/acme/drill-killed${path}`);
      expect(posts("/releases")).toHaveLength(1);
      expect(posts("/issues")).toHaveLength(2); // one incident, one announcement
      expect(posts("/security-advisories")).toHaveLength(1);
      expect(posts("/pulls")).toHaveLength(1);
      expect(repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]")).toHaveLength(1); // one status comment
      expect(drillStatus(repo)?.body).toContain("✅ Every step worked and was cleaned up.");
      expect(repo.releases.some((release) => release.tag_name.includes("drill"))).toBe(false);
      expect([...repo.tags.keys()].some((tag) => tag.includes("drill"))).toBe(false);
      expect([...repo.issues.values()].filter((issue) => issue.user.login === "anvil[bot]").every((issue) => issue.state === "closed" && !issue.pinned)).toBe(true);
      expect(repo.advisories.map((advisory) => advisory.state)).toEqual(["closed"]);
      expect([...repo.pulls.values()].map((pull) => pull.state)).toEqual(["closed"]);
      expect(branchHead(repo, "anvil/revoked-v0.1.1-drill.1")).toBeUndefined();
      expect(sim.violations()).toEqual([]);
    } finally {
      await successor?.stop();
      if (victim.process.exitCode === null && victim.process.signalCode === null) await victim.stop();
    }
  }, 360_000);
});
