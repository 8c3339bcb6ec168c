import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { eventually, startApp, type RunningApp } from "../../harness/app-process.js";
import { payloads } from "../../harness/webhook-payloads.js";

let sim: Simulator;
const running: RunningApp[] = [];

beforeAll(async () => {
  sim = await startSimulator({ repos: [] });
});
afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await sim?.close();
});

/** Start the real server (`npm start`'s entry); the error it exits with, or the running app. */
async function start(env: Record<string, string | undefined>): Promise<{ app?: RunningApp; exit?: string }> {
  try {
    const app = await startApp({ simulator: sim, env });
    running.push(app);
    return { app };
  } catch (error) {
    return { exit: (error as Error).message };
  }
}

const signedWith = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("no forged webhooks: the webhook secret at start-up (real server)", () => {
  it("with APP_ID and a private key but no WEBHOOK_SECRET, refuses to start with status 1, says what to set, prints no key", async () => {
    for (const WEBHOOK_SECRET of [undefined, "", "development"]) {
      const { app, exit } = await start({ WEBHOOK_SECRET });
      expect(app).toBeUndefined();
      expect(exit).toMatch(/^the app exited with 1:/);
      expect(exit).toContain("Anvil refuses to start");
      expect(exit).toContain("Set WEBHOOK_SECRET");
      expect(exit).not.toMatch(/PRIVATE KEY/);
    }
    expect(sim.requests()).toEqual([]);
  }, 60_000);

  it("a webhook signed with Probot's well-known `development` secret is never accepted", async () => {
    const { app } = await start({ WEBHOOK_SECRET: "a-real-secret-of-forty-characters-000000" });
    const repo = sim.addRepo({ owner: "acme", repo: "forged" });
    const body = payloads(sim, repo).push({ after: "f".repeat(40) });
    sim.clearRequests();
    const forged = await app!.sendWebhook("push", body, { signature: signedWith("development", JSON.stringify(body)) });
    expect(forged.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.requests()).toEqual([]);
    expect(repo.issues.size).toBe(0);
  }, 60_000);

  it("starts with a short secret, warning without printing it", async () => {
    const { app } = await start({ WEBHOOK_SECRET: "short-secret" });
    expect(app).toBeDefined();
    expect(app!.logs.some((line) => line.includes("WEBHOOK_SECRET is shorter than 20 characters"))).toBe(true);
    expect(app!.logs.some((line) => line.includes("short-secret"))).toBe(false);
  }, 60_000);

  it("without credentials (not production) Probot's registration page still works", async () => {
    const { app } = await start({ APP_ID: undefined, PRIVATE_KEY: undefined, WEBHOOK_SECRET: undefined, NODE_ENV: "development" });
    expect(app).toBeDefined();
    const page = await fetch(`${app!.url}/probot`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Register GitHub App");
  }, 60_000);
});

describe("secrets never reach the log (real server, most verbose logging)", () => {
  it("no installation token, app JWT, webhook secret or private key in any log line, failures included", async () => {
    const secret = "log-check-secret-of-forty-characters-000";
    const { app } = await start({ WEBHOOK_SECRET: secret, LOG_LEVEL: "trace" });
    const repo = sim.addRepo({ owner: "acme", repo: "logs" });
    // One write fails past every retry, so an Octokit error (which carries the request) is logged.
    sim.fail({ method: "POST", path: "/repos/acme/logs/check-runs", status: 500, times: 10 });
    const push = payloads(sim, repo).push({ after: "c".repeat(40) });
    expect((await app!.sendWebhook("push", push, { signature: signedWith(secret, JSON.stringify(push)) })).status).toBe(200);
    await eventually(() => expect(sim.requests({ method: "POST" }).some((request) => request.path.endsWith("/check-runs"))).toBe(true));
    await eventually(() => expect(app!.logs.some((line) => /"level":50/.test(line))).toBe(true));
    expect(sim.requests().some((request) => request.path.endsWith("/access_tokens"))).toBe(true);
    const leaks = app!.logs.filter((line) => /ghs_[0-9a-f]{20,}|eyJ[\w-]{10,}\.[\w-]{10,}|PRIVATE KEY/.test(line) || line.includes(secret));
    expect(leaks).toEqual([]);
  }, 60_000);
});
