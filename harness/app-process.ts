import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Simulator } from "../simulator/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WEBHOOK_SECRET = "e2e-webhook-secret";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

/**
 * A free port for a child process to listen on, picked at random *below* the kernel's ephemeral
 * range: the simulator, receivers and clients of parallel test files bind port 0 and get ports
 * from that range, so a port handed to a child here cannot be taken by one of them between the
 * check and the child's listen (seen: an app's readiness probe answered by another file's
 * simulator). Two pickers drawing the same port is left to `startApp`'s retry.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralPortRange();
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow);
  for (let attempt = 0; ; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
    if (attempt > 50) throw new Error("no free port found below the ephemeral range");
  }
}

function ephemeralPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: the IANA dynamic range
  }
  return [49_152, 65_535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export interface RunningApp {
  url: string;
  process: ChildProcess;
  logs: string[];
  /** Milliseconds from spawn to the first `GET /ping` answered PONG. */
  startupMs: number;
  sendWebhook(event: string, payload: unknown, options?: { deliveryId?: string; signature?: string | null }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Start the built app exactly as the README runs it (`node lib/main.js`, which is what `npm start`
 * does after building), pointed at the simulator through GHE_HOST / GHE_PROTOCOL. With `appPath`,
 * runs that Probot app under `probot run` instead (the bench's bare-Probot baseline). An `env`
 * value of `undefined` removes that variable.
 */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(options, await freePort());
    } catch (error) {
      // Another picker drew the same port first: draw again.
      if (!(error instanceof PortTaken) || attempt >= 3) throw error;
    }
  }
}

type StartOptions = { simulator: Simulator; appPath?: string; env?: Record<string, string | undefined>; nodeArgs?: string[] };
class PortTaken extends Error {}

async function startAppOnce(options: StartOptions, port: number): Promise<RunningApp> {
  const started = performance.now();
  const entry = options.appPath ? ["node_modules/probot/bin/probot.js", "run", options.appPath] : ["lib/main.js"];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      APP_ID: String(options.simulator.app.id),
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: options.simulator.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      NODE_ENV: "production",
      // The redelivery pass lists the app's deliveries; tests that exercise it turn it on.
      ANVIL_REDELIVERY_INTERVAL_MINUTES: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `the app exited with ${child.exitCode}:\n${logs.join("\n")}`;
      throw logs.some((line) => line.includes("EADDRINUSE")) ? new PortTaken(message) : new Error(message);
    }
    try {
      const response = await fetch(`${url}/ping`);
      if ((await response.text()) === "PONG") break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer /ping within 30 s:\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const startupMs = performance.now() - started;

  return {
    url,
    process: child,
    logs,
    startupMs,
    sendWebhook(event, payload, opts = {}) {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": opts.deliveryId ?? randomUUID() };
      if (opts.signature !== null) headers["x-hub-signature-256"] = opts.signature ?? `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
      return fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      // Anvil finishes work in flight for up to 8 s after SIGTERM.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Wait until `check` passes (polling), for effects of webhooks the app handles after answering. */
export async function eventually<T>(check: () => T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Wait until the simulator has heard nothing for `quietMs` (counted from the call at the
 * earliest), i.e. the app has finished talking to GitHub, without knowing in advance what it
 * will send. Pick `quietMs` longer than the throttle's longest gap (3 s) when writes may follow.
 */
export async function settle(sim: Simulator, quietMs: number, timeoutMs = 90_000): Promise<void> {
  const since = Date.now();
  const deadline = since + timeoutMs;
  for (;;) {
    const last = Math.max(since, sim.requests().at(-1)?.at ?? 0);
    const idle = Date.now() - last;
    if (idle >= quietMs || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, quietMs - idle + 10)));
  }
}
