import { describe, expect, it } from "vitest";
import { checkStartup, enforceStartupChecks, MINIMUM_SECRET_LENGTH, StartupRefused } from "../../../src/runtime/startup-checks.js";

const KEY = "-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----";
const STRONG = "a".repeat(40);

describe("checkStartup (may Anvil serve webhooks with these settings?)", () => {
  it("refuses app credentials without a webhook secret, saying what to set", () => {
    for (const env of [
      { APP_ID: "1", PRIVATE_KEY: KEY },
      { APP_ID: "1", PRIVATE_KEY_PATH: "/run/secrets/key.pem" },
      { APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "" }, // Probot treats empty as unset
    ]) {
      const verdict = checkStartup(env);
      expect(verdict.start).toBe(false);
      if (!verdict.start) expect(verdict.reason).toMatch(/set WEBHOOK_SECRET/i);
    }
  });

  it("refuses when the private key is a .pem file Probot finds in the working directory", () => {
    expect(checkStartup({ APP_ID: "1" }, { privateKeyFile: true }).start).toBe(false);
  });

  it("refuses Probot's well-known development secret set explicitly", () => {
    const verdict = checkStartup({ APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "development" });
    expect(verdict).toMatchObject({ start: false });
  });

  it("starts with a real secret; warns, without printing it, when it is short", () => {
    expect(checkStartup({ APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: STRONG })).toEqual({ start: true, warnings: [] });
    const short = "s3cr3t-but-short";
    expect(short.length).toBeLessThan(MINIMUM_SECRET_LENGTH);
    const verdict = checkStartup({ APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: short });
    expect(verdict.start).toBe(true);
    if (verdict.start) {
      expect(verdict.warnings).toHaveLength(1);
      expect(verdict.warnings[0]).toMatch(/shorter than 20 characters/);
      expect(verdict.warnings[0]).not.toContain(short);
    }
  });

  it("without credentials starts (Probot serves only its registration page)", () => {
    expect(checkStartup({})).toEqual({ start: true, warnings: [] });
    expect(checkStartup({ APP_ID: "1" })).toEqual({ start: true, warnings: [] });
    expect(checkStartup({ PRIVATE_KEY: KEY })).toEqual({ start: true, warnings: [] });
  });
});

describe("enforceStartupChecks", () => {
  const recordingLog = () => {
    const lines: { level: string; message: string }[] = [];
    return { lines, warn: (message: string) => lines.push({ level: "warn", message }), fatal: (message: string) => lines.push({ level: "fatal", message }) };
  };

  it("logs the reason and throws StartupRefused, never echoing the key", () => {
    const log = recordingLog();
    expect(() => enforceStartupChecks(log, { APP_ID: "1", PRIVATE_KEY: KEY }, "/nonexistent")).toThrow(StartupRefused);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.level).toBe("fatal");
    expect(log.lines[0]!.message).not.toContain("not-a-real-key");
  });

  it("logs warnings and returns when Anvil may start", () => {
    const log = recordingLog();
    enforceStartupChecks(log, { APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "short" }, "/nonexistent");
    expect(log.lines.map((line) => line.level)).toEqual(["warn"]);
  });
});
