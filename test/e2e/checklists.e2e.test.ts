import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIssue, startSimulator, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, type RunningApp } from "../../harness/app-process.js";
import { payloads, tick } from "../../harness/webhook-payloads.js";

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

const sha = (n: number) => n.toString(16).padStart(40, "a");

describe("checklists end to end (real server, simulated GitHub)", () => {
  it("push → one pre-release checklist; tick every box → check run success and issue closed; release → release checklist", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "widgets", collaborators: { alice: "admin" }, releases: [{ tag: "v0.0.9" }] });
    const events = payloads(sim, repo);

    expect((await app.sendWebhook("push", events.push({ after: sha(1), message: "feat: first" }))).status).toBe(200);
    const checklist = await eventually(() => {
      const [issue] = [...repo.issues.values()];
      if (!issue) throw new Error("no checklist yet");
      return issue;
    });
    expect(checklist.title).toBe("Pre-release checklist");
    expect(checklist.user.login).toBe("anvil[bot]");
    expect(checklist.labels).toEqual(["release-checklist"]);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ name: "Release checklist", head_sha: sha(1), status: "in_progress" });

    const before = checklist.body;
    checklist.body = tick(before);
    expect((await app.sendWebhook("issues", events.issueEdited(checklist.number, before, "alice"))).status).toBe(200);
    await eventually(() => expect(checklist.state).toBe("closed"));
    expect(repo.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(checklist.body).toContain("**Progress: 12 / 12 done**");
    expect(checklist.body).toMatch(/alice ticked/);

    repo.releases.push({ ...repo.releases[0]!, id: 77, tag_name: "v0.1.0", name: "Widgets v0.1.0" });
    repo.tags.set("v0.1.0", sha(1));
    expect((await app.sendWebhook("release", events.releasePublished("v0.1.0"))).status).toBe(200);
    const releaseChecklist = await eventually(() => {
      const found = [...repo.issues.values()].find((issue) => issue.title === "Release checklist for v0.1.0");
      if (!found) throw new Error("no release checklist yet");
      return found;
    });
    expect(releaseChecklist.body).toContain("--tag v0.1.0");
    expect(checklist.body).toContain("shipped as `v0.1.0`");
    expect(sim.violations()).toEqual([]);
  });

  it("the same delivery 5 times and 10 different pushes at once leave exactly one checklist", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "gadgets" });
    const events = payloads(sim, repo);
    const push = events.push({ after: sha(100) });
    const redeliveries = Array.from({ length: 5 }, () => app.sendWebhook("push", push, { deliveryId: "same-delivery-id" }));
    const concurrent = Array.from({ length: 10 }, (_, i) => app.sendWebhook("push", events.push({ after: sha(200 + i) })));
    const statuses = await Promise.all([...redeliveries, ...concurrent].map(async (response) => (await response).status));
    expect(statuses.every((status) => status === 200 || status === 202)).toBe(true);
    await eventually(() => expect(repo.checkRuns.length).toBe(11), 60_000);
    await settle(sim, 3_500); // the last moves finish (re-read, write) before the next test counts requests
    expect([...repo.issues.values()].filter((issue) => issue.title === "Pre-release checklist")).toHaveLength(1);
    expect(sim.violations()).toEqual([]);
  }, 90_000);

  it("time never runs backwards: push A, push B, then A redelivered and an older push arriving late leave the checklist on B, with no check run on A again", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "ordering" });
    const events = payloads(sim, repo);
    /** A push as GitHub sends it: `repository.pushed_at` is when GitHub received it. */
    const pushAt = (after: string, pushedAt: number, before: string) => {
      const payload = events.push({ after, message: `commit ${after.slice(-3)}` });
      return { ...payload, before, repository: { ...(payload.repository as Record<string, unknown>), pushed_at: pushedAt } };
    };
    const [a, b, late] = [sha(300), sha(301), sha(302)];
    const pushA = pushAt(a, 1_000, sha(299));
    await app.sendWebhook("push", pushA, { deliveryId: "push-a" });
    await eventually(() => expect(repo.checkRuns.map((run) => run.head_sha)).toEqual([a]));
    await app.sendWebhook("push", pushAt(b, 2_000, a), { deliveryId: "push-b" });
    await eventually(() => expect([...repo.issues.values()][0]?.body).toContain(`tracking \`${b.slice(0, 7)}\``));
    await settle(sim, 1_000);

    await app.sendWebhook("push", pushA, { deliveryId: "push-a" }); // redelivered from the app's settings
    await app.sendWebhook("push", pushA, { deliveryId: "push-a-again" }); // the same push, delivered twice
    await app.sendWebhook("push", pushAt(late, 1_500, a), { deliveryId: "push-late" }); // pushed between A and B, delivered last
    await settle(sim, 3_500);

    const checklists = [...repo.issues.values()];
    expect(checklists).toHaveLength(1);
    expect(checklists[0]?.body).toContain(`tracking \`${b.slice(0, 7)}\``);
    expect(repo.checkRuns.map((run) => run.head_sha)).toEqual([a, b]);
    expect(sim.violations()).toEqual([]);
  }, 60_000);

  it("within the same second, a redelivered push whose head the checklist already lists changes nothing", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "same-second" });
    const events = payloads(sim, repo);
    const pushA = events.push({ after: sha(400) });
    await app.sendWebhook("push", pushA);
    await eventually(() => expect(repo.checkRuns).toHaveLength(1));
    await app.sendWebhook("push", events.push({ after: sha(401) }));
    await eventually(() => expect([...repo.issues.values()][0]?.body).toContain(`tracking \`${sha(401).slice(0, 7)}\``));
    await app.sendWebhook("push", pushA);
    await settle(sim, 3_500);
    expect([...repo.issues.values()][0]?.body).toContain(`tracking \`${sha(401).slice(0, 7)}\``);
    expect(repo.checkRuns.map((run) => run.head_sha)).toEqual([sha(400), sha(401)]);
  }, 60_000);

  it("the cycle's checklist is found behind 150 newer Anvil issues (on the second page): moved, not opened again", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "paged" });
    const events = payloads(sim, repo);
    await app.sendWebhook("push", events.push({ after: sha(500) }));
    // The check run is written before the issue, and the throttle spaces writes 3 s apart:
    // wait for the checklist itself, or the 150 issues below may take its number.
    await eventually(() => expect([...repo.issues.values()].map((issue) => issue.title)).toEqual(["Pre-release checklist"]));
    await settle(sim, 1_000);
    for (let i = 0; i < 150; i++) openIssue(repo, { title: `Incident ${i}`, body: "Opened by Anvil", author: "anvil[bot]" });

    sim.clearRequests();
    await app.sendWebhook("push", events.push({ after: sha(501) }));
    await eventually(() => expect(repo.checkRuns).toHaveLength(2));
    await settle(sim, 3_500);
    expect([...repo.issues.values()].filter((issue) => issue.title === "Pre-release checklist")).toHaveLength(1);
    expect(repo.issues.get(1)?.body).toContain(`tracking \`${sha(501).slice(0, 7)}\``);
    expect(sim.requests({ method: "GET", path: "/repos/acme/paged/issues" })).toHaveLength(2);
    expect(sim.violations()).toEqual([]);
  }, 60_000);

  it("unsigned and wrongly signed webhooks are rejected with 400 and cause no GitHub request", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "unsigned" });
    const events = payloads(sim, repo);
    sim.clearRequests();
    expect((await app.sendWebhook("push", events.push({ after: sha(5) }), { signature: null })).status).toBe(400);
    expect((await app.sendWebhook("push", events.push({ after: sha(5) }), { signature: "sha256=" + "0".repeat(64) })).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.requests()).toEqual([]);
    expect(repo.issues.size).toBe(0);
  });

  it("a 403 secondary rate limit with retry-after is waited out; the event is not lost", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "throttled" });
    const events = payloads(sim, repo);
    sim.fail({ method: "POST", path: "/repos/acme/throttled/issues", status: 403, retryAfter: 1 });
    await app.sendWebhook("push", events.push({ after: sha(7) }));
    await eventually(() => expect(repo.issues.size).toBe(1), 30_000);
    expect(sim.requests({ method: "POST", path: "/repos/acme/throttled/issues" }).map((r) => r.status)).toEqual([403, 201]);
  }, 40_000);

  it("SIGTERM right after a push is acknowledged: the work in flight is finished before the process exits", async () => {
    const ownApp = await startApp({ simulator: sim });
    const repo = sim.addRepo({ owner: "acme", repo: "stopping" });
    const response = await ownApp.sendWebhook("push", payloads(sim, repo).push({ after: sha(9) }));
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => ownApp.process.once("exit", (code) => resolve(code)));
    ownApp.process.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect([...repo.issues.values()].map((issue) => issue.title)).toEqual(["Pre-release checklist"]);
    expect(repo.checkRuns).toHaveLength(1);
  }, 30_000);
});
