import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { eventually, settle, startApp, WEBHOOK_SECRET, type RunningApp } from "../../harness/app-process.js";
import { hasRedisServer, startRedis, type RunningRedis } from "../../harness/redis-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

if (!hasRedisServer) console.warn("redis-server is not installed: skipping the replica end-to-end tests (.ci/run installs it)");

let sim: Simulator;
let redis: RunningRedis;
let replicas: RunningApp[] = [];

/** Two app processes sharing one Redis, as two replicas behind a load balancer would. */
const redisEnv = () => ({ REDIS_URL: redis.url, ANVIL_JOB_LOCK_SECONDS: "3", ANVIL_REDELIVERY_INTERVAL_MINUTES: "0.05" });

beforeAll(async () => {
  if (!hasRedisServer) return;
  sim = await startSimulator({ repos: [] });
  redis = await startRedis();
  replicas = await Promise.all([startApp({ simulator: sim, env: redisEnv() }), startApp({ simulator: sim, env: redisEnv() })]);
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await redis?.close();
  await sim?.close();
});

/** Poll an async check until it passes. */
async function until(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const sha = (n: number) => n.toString(16).padStart(40, "b");
const checklists = (issues: Iterable<{ title: string }>) => [...issues].filter((issue) => issue.title === "Pre-release checklist");

describe.skipIf(!hasRedisServer)("two replicas on one Redis (real servers, simulated GitHub)", () => {
  it("10 concurrent pushes and 5 redeliveries of one push, alternating between replicas, leave exactly one checklist", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "replicated" });
    const events = payloads(sim, repo);
    const push = events.push({ after: sha(1) });
    const delivery = randomUUID();
    const redeliveries = Array.from({ length: 5 }, (_, i) => replicas[i % 2]!.sendWebhook("push", push, { deliveryId: delivery }));
    const concurrent = Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.sendWebhook("push", events.push({ after: sha(100 + i) })));
    const statuses = await Promise.all([...redeliveries, ...concurrent].map(async (response) => (await response).status));
    expect(statuses).toEqual(Array(15).fill(200));
    await eventually(() => expect(repo.checkRuns.length).toBe(11), 90_000);
    expect(checklists(repo.issues.values())).toHaveLength(1);
    // Probot's own throttling is clustered through the same Redis (Bottleneck keeps its state there).
    expect(spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "b_*"]).stdout.toString()).toMatch(/^b_/m);
    expect(sim.violations()).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasRedisServer)("several installations on two replicas (real servers)", () => {
  it("each installation's writes go through its own clustered limiter in Redis, none through a shared one", async () => {
    const installations = [sim.addInstallation({ account: "globex" }), sim.addInstallation({ account: "initech" })];
    const repos = installations.map((installation) => sim.addRepo({ owner: installation.account.login, repo: "widgets" }));
    const statuses = await Promise.all(repos.map(async (repo, i) => (await replicas[i % 2]!.sendWebhook("push", payloads(sim, repo).push({ after: sha(900 + i) }))).status));
    expect(statuses).toEqual([200, 200]);
    await eventually(() => repos.forEach((repo) => expect(checklists(repo.issues.values())).toHaveLength(1)), 60_000);
    const limiters = spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "b_octokit-*_settings"]).stdout.toString().split("\n").filter(Boolean).sort();
    // Bottleneck keeps a limiter's state under b_<group>-<installation id>_settings.
    for (const installation of installations) {
      expect(limiters).toContain(`b_octokit-write-${installation.id}_settings`);
      expect(limiters).toContain(`b_octokit-notifications-${installation.id}_settings`);
    }
    // The app's own (JWT) client keeps Probot's shared "no-id" limiters; no installation's writes wait there.
    expect(limiters.filter((key) => /^b_octokit-(write|notifications)-no-id_/.test(key))).toEqual([]);
    expect(sim.violations()).toEqual([]);
  }, 90_000);
});

describe.skipIf(!hasRedisServer)("Redis down, metrics and readiness (real servers)", () => {
  it("Redis stopped: /ready says 503 and a webhook is answered 503; once Redis is back the redelivered delivery is done, once", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "outage" });
    const push = payloads(sim, repo).push({ after: sha(7) });
    const delivery = randomUUID();
    const [first] = replicas;
    expect((await fetch(`${first!.url}/ready`)).status).toBe(200);

    await redis.stop();
    expect((await fetch(`${first!.url}/ready`)).status).toBe(503);
    expect((await first!.sendWebhook("push", push, { deliveryId: delivery })).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(repo.issues.size).toBe(0);

    await redis.restart();
    await until(async () => expect((await fetch(`${first!.url}/ready`)).status).toBe(200), 15_000);
    // GitHub's redelivery (asked for by the redelivery pass, or by hand) carries the same delivery id.
    await until(async () => expect((await replicas[1]!.sendWebhook("push", push, { deliveryId: delivery })).status).toBe(200), 15_000);
    await eventually(() => expect(checklists(repo.issues.values())).toHaveLength(1), 60_000);
    expect(repo.checkRuns).toHaveLength(1);

    const metrics = await (await fetch(`${first!.url}/metrics`)).text();
    expect(metrics).toMatch(/^anvil_deliveries_total\{event="push",outcome="refused"\} 1$/m);
    expect(metrics).toMatch(/^anvil_queue_jobs\{state="waiting"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_github_requests_total\{method="POST",status="201"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_github_rate_limit_remaining\{installation="\d+"\} \d+$/m);
    expect(metrics).toMatch(/^anvil_job_latency_seconds_count\{event="push",outcome="done"\} \d+$/m);
    expect(sim.violations()).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasRedisServer)("failed deliveries come back by themselves (real servers, redelivery pass every 3 s)", () => {
  it("deliveries GitHub recorded as failed (503 while Redis was down) are redelivered exactly once each, by one replica, and done", async () => {
    const repo = sim.addRepo({ owner: "acme", repo: "redelivered" });
    const events = payloads(sim, repo);
    sim.setWebhookTarget({ url: `${replicas[0]!.url}/api/github/webhooks`, secret: WEBHOOK_SECRET });
    await redis.stop();
    const failed: Array<{ guid: string; status_code: number }> = [];
    for (let i = 0; i < 3; i++) failed.push(await sim.deliver("push", events.push({ after: sha(300 + i) })));
    expect(failed.map((delivery) => delivery.status_code)).toEqual([503, 503, 503]);
    // Until both replicas are connected to Redis again, the deliveries list is unavailable: a pass
    // run by the replica that reconnected first would otherwise redeliver to the other one while it
    // still answers 503 (behind a load balancer, its readiness check takes it out of rotation).
    sim.fail({ method: "GET", path: "/app/hook/deliveries", status: 503, times: Number.MAX_SAFE_INTEGER });
    await redis.restart();
    for (const replica of replicas) await until(async () => expect((await fetch(`${replica.url}/ready`)).status).toBe(200), 15_000);
    sim.clearFaults();

    await eventually(() => expect(repo.checkRuns).toHaveLength(3), 60_000);
    expect(checklists(repo.issues.values())).toHaveLength(1);
    // Several more passes, by both replicas: nothing is asked for twice.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const attempts = sim.redeliveries().filter((attempt) => failed.some((delivery) => delivery.guid === attempt.guid));
    expect(attempts.map((attempt) => attempt.guid).sort()).toEqual(failed.map((delivery) => delivery.guid).sort());
    expect(attempts.map((attempt) => attempt.redelivery?.status_code)).toEqual([200, 200, 200]);
    expect(repo.checkRuns).toHaveLength(3);
    const metrics = (await Promise.all(replicas.map(async (replica) => (await fetch(`${replica.url}/metrics`)).text()))).join("\n");
    const requested = [...metrics.matchAll(/^anvil_redeliveries_requested_total\{event="push"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(requested).toBe(3);
    expect(sim.violations()).toEqual([]);
  }, 120_000);

  it("a redelivery that fails again is not asked for a second time, whichever replica passes", async () => {
    sim.setRedeliveryStatusCode(503);
    try {
      const failed = [sim.recordDelivery({ event: "push", statusCode: 503 }), sim.recordDelivery({ event: "release", action: "published", statusCode: 0 })];
      const attemptsFor = () => sim.redeliveries().filter((attempt) => failed.some((delivery) => delivery.guid === attempt.guid));
      await eventually(() => expect(attemptsFor()).toHaveLength(2), 30_000);
      expect(attemptsFor().map((attempt) => attempt.redelivery?.status_code)).toEqual([503, 503]);
      // At least three more passes (every 3 s, by either replica) see both still failed.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expect(attemptsFor().map((attempt) => attempt.guid).sort()).toEqual(failed.map((delivery) => delivery.guid).sort());
    } finally {
      sim.setRedeliveryStatusCode(200);
    }
  }, 60_000);
});

describe.skipIf(!hasRedisServer)("a replica killed (kill -9) in the middle of its work (real servers)", () => {
  /** Replicas of their own (own queue prefix), so the job is surely the victim's. */
  const ownEnv = () => ({ ...redisEnv(), ANVIL_QUEUE_PREFIX: `kill-${randomUUID().slice(0, 6)}`, ANVIL_REDELIVERY_INTERVAL_MINUTES: "0" });

  function seedRollback(name: string): RepoState {
    return sim.addRepo({
      owner: "acme",
      repo: name,
      collaborators: { maya: "maintain" },
      files: { "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.0"\n' },
      releases: [{ tag: "v0.0.9", name: "Widgets v0.0.9" }, { tag: "v0.1.0", name: "Widgets v0.1.0", body: "Notes" }],
      issues: [{ title: "Installer crashes on 0.1.0", author: "reporter" }],
    });
  }
  const anvilComments = (repo: RepoState) => repo.issues.get(1)?.comments.filter((comment) => comment.user.login === "anvil[bot]") ?? [];
  const titled = (repo: RepoState, pattern: RegExp) => [...repo.issues.values()].filter((issue) => pattern.test(issue.title));

  it("a push whose checklist was half made when its replica was killed (kill -9) gets exactly one checklist and one check run", async () => {
    const env = ownEnv();
    const victim = await startApp({ simulator: sim, env });
    let successor: RunningApp | undefined;
    try {
      const repo = sim.addRepo({ owner: "acme", repo: "killed-push" });
      expect((await victim.sendWebhook("push", payloads(sim, repo).push({ after: sha(500) }))).status).toBe(200);
      // Its first write went out: pull the plug before the rest.
      await eventually(() => expect(sim.requests({ method: "POST" }).some((request) => request.path.startsWith("/repos/acme/killed-push/"))).toBe(true), 30_000);
      victim.process.kill("SIGKILL");
      expect(repo.checkRuns).toHaveLength(0); // the work was cut off, not finished
      successor = await startApp({ simulator: sim, env });
      // The check run is written before the issue (3 s apart, the throttle's gap): wait for both.
      await eventually(() => expect(checklists(repo.issues.values())).toHaveLength(1), 240_000);
      await settle(sim, 3_500);
      expect(checklists(repo.issues.values())).toHaveLength(1);
      expect(repo.checkRuns).toHaveLength(1);
      expect(sim.violations()).toEqual([]);
    } finally {
      await successor?.stop();
      if (victim.process.exitCode === null && victim.process.signalCode === null) await victim.stop();
    }
  }, 300_000);

  it("a confirmed rollback cut off by kill -9 completes on the replica started after it, with nothing duplicated", async () => {
    const env = ownEnv();
    const victim = await startApp({ simulator: sim, env });
    let successor: RunningApp | undefined;
    try {
      const repo = seedRollback("killed-rollback");
      const comment = (body: string) => victim.sendWebhook("issue_comment", payloads(sim, repo).comment(1, body, "maya"));
      expect((await comment("/rollback v0.1.0 --severity critical --reason \"installer deletes files\"")).status).toBe(200);
      await eventually(() => expect(anvilComments(repo)[0]?.body).toContain("Rollback plan for `v0.1.0`"), 30_000);

      expect((await comment("/rollback v0.1.0 --confirm")).status).toBe(200);
      // The first step is done (the release is gone) and the rest is not: pull the plug.
      await eventually(() => expect(repo.releases.map((release) => release.tag_name)).toEqual(["v0.0.9"]), 30_000);
      victim.process.kill("SIGKILL");
      expect(anvilComments(repo)[0]?.body).not.toContain("complete");

      // The job's lock expires (3 s here) and the successor takes the job over. Its first write then
      // waits for Probot's clustered throttle to free the dead replica's write slot (about a minute).
      successor = await startApp({ simulator: sim, env });
      await eventually(() => expect(anvilComments(repo)[0]?.body).toContain("Rollback of `v0.1.0` complete"), 240_000);
      expect(repo.tags.has("v0.1.0")).toBe(false);
      expect(titled(repo, /has been revoked/)).toHaveLength(1);
      expect(titled(repo, /^Incident: v0\.1\.0/)).toHaveLength(1);
      expect(repo.advisories).toHaveLength(1);
      expect(anvilComments(repo)).toHaveLength(1);
      expect(sim.violations()).toEqual([]);
    } finally {
      await successor?.stop();
      if (victim.process.exitCode === null && victim.process.signalCode === null) await victim.stop();
    }
  }, 300_000);
});
