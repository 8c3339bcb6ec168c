import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { branchFiles, publishRelease, startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, startApp, type RunningApp } from "../../harness/app-process.js";
import { startNotifyReceiver, type NotifyReceiver } from "../../harness/notify-receiver.js";
import { payloads } from "../../harness/webhook-payloads.js";

/** Issue 12 end to end: README banner pull request, dispatches, the direct webhook, post-mortem on resolution. */
let sim: Simulator;
let app: RunningApp;
let receiver: NotifyReceiver;
let received: unknown[];
const README = "# Widgets\n\nA library.\n";

beforeAll(async () => {
  receiver = await startNotifyReceiver();
  received = receiver.received;
  sim = await startSimulator({ repos: [] });
  app = await startApp({ simulator: sim, env: { ANVIL_NOTIFY_URL: receiver.urlWith("/hooks/xyzzy-webhook-token") } });
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
    files: { "README.md": README, "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.1"\n' },
    releases: [
      { tag: "v0.0.9", name: "Widgets v0.0.9" },
      { tag: "v0.1.0", name: "Widgets v0.1.0", body: "Notes", assets: [{ name: "widgets-0.1.0.tar.gz", size: 4096, digest: "sha256:feed" }] },
    ],
    issues: [{ title: "Installer crashes on 0.1.0", author: "reporter" }],
  });
}

const statusComment = (repo: RepoState) => repo.issues.get(1)?.comments.find((comment) => comment.user.login === "anvil[bot]" && comment.body.includes("anvil:rollback"));
const pullFrom = (repo: RepoState, head: string) => [...repo.pulls.values()].find((pull) => pull.head === head);

async function say(repo: RepoState, body: string) {
  const response = await app.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, "maya"));
  expect([200, 202]).toContain(response.status);
}

describe("reaching people end to end (real server, simulated GitHub)", () => {
  it("rollback: banner pull request from anvil/revoked-v0.1.0, anvil-rollback dispatched, webhook posted; the fix: banner closed, post-mortem opened, anvil-resolved", async () => {
    const repo = seed("reach");
    await say(repo, "/rollback v0.1.0 --severity critical --reason \"installer deletes files\"");
    await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback plan for `v0.1.0`"));
    await say(repo, "/rollback v0.1.0 --confirm");
    await eventually(() => expect(statusComment(repo)?.body).toContain("Rollback of `v0.1.0` complete"), 90_000);

    const banner = pullFrom(repo, "anvil/revoked-v0.1.0");
    expect(banner).toMatchObject({ base: "main", state: "open" });
    expect(branchFiles(repo, "anvil/revoked-v0.1.0")?.get("README.md")).toMatch(/^<!-- anvil:banner:v0\.1\.0 -->\n> \[!CAUTION\]\n> \*\*v0\.1\.0 has been revoked\.\*\* Use \*\*v0\.0\.9\*\* instead\./);
    expect(repo.files.get("README.md")).toBe(README);
    expect(repo.dispatches.map((dispatch) => dispatch.event_type)).toEqual(["anvil-rollback"]);
    expect(repo.dispatches[0]?.client_payload).toMatchObject({ tag: "v0.1.0", version_to_use: "v0.0.9", severity: "critical", actor: "maya", drill: false });
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ text: expect.stringContaining("v0.1.0 has been revoked (critical)"), blocks: expect.any(Array) });
    expect(app.logs.join("\n")).not.toContain("xyzzy");

    publishRelease(repo, { tag: "v0.1.2", name: "Widgets v0.1.2" });
    expect([200, 202]).toContain((await app.sendWebhook("release", payloads(sim, repo).releasePublished("v0.1.2"))).status);
    expect([200, 202]).toContain((await app.sendWebhook("release", payloads(sim, repo).releaseReleased("v0.1.2"))).status); // what resolves
    await eventually(() => expect(repo.dispatches.map((dispatch) => dispatch.event_type)).toEqual(["anvil-rollback", "anvil-resolved"]), 90_000);
    expect(pullFrom(repo, "anvil/revoked-v0.1.0")?.state).toBe("closed");
    const postMortem = pullFrom(repo, "anvil/post-mortem-v0.1.0");
    expect(postMortem).toMatchObject({ base: "main", state: "open", title: "Post-mortem: v0.1.0 revoked" });
    const files = [...(branchFiles(repo, "anvil/post-mortem-v0.1.0")?.entries() ?? [])].filter(([path]) => path.startsWith("docs/incidents/"));
    expect(files).toHaveLength(1);
    expect(files[0]?.[1]).toContain("Resolved by `v0.1.2`");
    expect(repo.dispatches[1]?.client_payload).toMatchObject({ fixed_in: "v0.1.2", version_to_use: "v0.1.2" });
    await eventually(() => expect(received).toHaveLength(2));
    // Nothing was ever written to the default branch.
    expect(repo.files.get("README.md")).toBe(README);
    expect([...repo.files.keys()].some((path) => path.startsWith("docs/incidents/"))).toBe(false);
    expect(sim.violations()).toEqual([]);
  }, 240_000);
});
