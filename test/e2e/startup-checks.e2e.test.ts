import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { startApp, type RunningApp } from "../../harness/app-process.js";
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
