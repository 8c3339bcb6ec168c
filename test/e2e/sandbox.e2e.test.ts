import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// `npm run sandbox` is how the README tells newcomers to try Anvil: it must keep working.
it("the sandbox story completes and exits 0", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/run.ts"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(output).toMatch(/The story completed: \d+ expectations held/);
  expect(output).not.toContain("✘");
  expect(output).toContain("[SECURITY] v0.1.0 has been revoked: use v0.0.9");
  expect(code).toBe(0);
}, 240_000);
