import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./app-process.js";

/** Whether a `redis-server` binary is on PATH (CI installs the Debian package). */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Start again on the same port (after `stop`), with what it had persisted. */
  restart(): Promise<void>;
  /** Stop for good and remove its directory. */
  close(): Promise<void>;
}

/**
 * A real redis-server of the test's own, on a free port, that the test may stop and restart
 * (the shared one from `.ci/run` must stay up for the other tests).
 */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "anvil-redis-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    // Persistent, as a durable queue's Redis must be (docs/deployment.md): every write is in the
    // append-only file before Redis answers, so a restart keeps the jobs.
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"]).stdout?.toString().trim() === "PONG") return;
      if (Date.now() > deadline) throw new Error("redis-server did not start within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
