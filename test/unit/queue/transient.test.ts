import { describe, expect, it } from "vitest";
import { isThrottleStateLost, isTransientFailure } from "../../../src/queue/transient.js";
import { queueSettings } from "../../../src/queue/settings.js";

const http = (status: number, message = "x") => Object.assign(new Error(message), { status });

describe("which failures are worth retrying", () => {
  it("GitHub 5xx, 429, secondary rate limits and network errors are transient", () => {
    expect(isTransientFailure(http(500))).toBe(true);
    expect(isTransientFailure(http(502))).toBe(true);
    expect(isTransientFailure(http(429))).toBe(true);
    expect(isTransientFailure(http(403, "You have exceeded a secondary rate limit"))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientFailure(new TypeError("fetch failed"))).toBe(true);
  });

  it("4xx answers and bugs are not: they would fail the same way again", () => {
    expect(isTransientFailure(http(404))).toBe(false);
    expect(isTransientFailure(http(422))).toBe(false);
    expect(isTransientFailure(http(403, "Resource not accessible by integration"))).toBe(false);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isTransientFailure("boom")).toBe(false);
  });

  it("several handlers' failures: transient when one of them is", () => {
    expect(isTransientFailure(new AggregateError([http(404), http(503)]))).toBe(true);
    expect(isTransientFailure(new AggregateError([http(404)]))).toBe(false);
  });
});

describe("queue settings from the environment", () => {
  it("no REDIS_URL: in-process; defaults otherwise", () => {
    expect(queueSettings({})).toEqual({ redisUrl: undefined, prefix: "anvil", concurrency: 256, lockMs: 30_000 });
    expect(queueSettings({ REDIS_URL: "", ANVIL_QUEUE_CONCURRENCY: "0", ANVIL_JOB_LOCK_SECONDS: "soon" }).redisUrl).toBeUndefined();
  });

  it("REDIS_URL and the tuning variables are honoured", () => {
    expect(queueSettings({ REDIS_URL: "redis://r:6379", ANVIL_QUEUE_PREFIX: "acme", ANVIL_QUEUE_CONCURRENCY: "4", ANVIL_JOB_LOCK_SECONDS: "2.5" })).toEqual({
      redisUrl: "redis://r:6379",
      prefix: "acme",
      concurrency: 4,
      lockMs: 2_500,
    });
  });
});

describe("Probot's throttling state lost in Redis 7 (bottleneck#219)", () => {
  it("is recognised by Redis 7's ERR-prefixed script errors, also among several handlers' failures", () => {
    expect(isThrottleStateLost(new Error("ERR SETTINGS_KEY_NOT_FOUND"))).toBe(true);
    expect(isThrottleStateLost(new AggregateError([new Error("ERR UNKNOWN_CLIENT")]))).toBe(true);
    expect(isThrottleStateLost(http(500))).toBe(false);
  });
});
