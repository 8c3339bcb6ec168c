import { describe, expect, it } from "vitest";
import type { HookDelivery } from "../../../src/github/hook-deliveries.js";
import { failedDeliveries, RETENTION_MS, windowStart } from "../../../src/queue/redelivery.js";
import { redeliverySettings } from "../../../src/queue/settings.js";

let nextId = 1;
const attempt = (guid: string, status_code: number, minute: number, redelivery = false): HookDelivery => ({
  id: nextId++,
  guid,
  delivered_at: new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString(),
  redelivery,
  status: status_code >= 200 && status_code < 300 ? "OK" : `Invalid HTTP Response: ${status_code}`,
  status_code,
  event: "push",
  action: null,
});

describe("which deliveries to redeliver", () => {
  it("one per event (guid) that has no successful attempt, naming its newest attempt, oldest event first", () => {
    const a1 = attempt("a", 503, 1);
    const a2 = attempt("a", 0, 5, true);
    const b = attempt("b", 200, 2);
    const c = attempt("c", 500, 3);
    const c2 = attempt("c", 202, 4, true);
    const d = attempt("d", 0, 0);
    // The API lists newest first.
    expect(failedDeliveries([a2, c2, c, b, a1, d])).toEqual([
      { guid: "d", deliveryId: d.id, event: "push" },
      { guid: "a", deliveryId: a2.id, event: "push" },
    ]);
  });

  it("any 2xx is a success (Probot answers 202 when handlers outlast 9 s); 4xx and no answer are failures", () => {
    expect(failedDeliveries([attempt("x", 202, 1), attempt("y", 299, 1)])).toEqual([]);
    expect(failedDeliveries([attempt("x", 400, 1), attempt("y", 0, 1)]).map((failed) => failed.guid)).toEqual(["x", "y"]);
  });

  it("nothing listed, nothing to do", () => {
    expect(failedDeliveries([])).toEqual([]);
  });
});

describe("the window a pass looks at", () => {
  const now = Date.UTC(2026, 10, 25, 12);
  it("first pass: the configured look-back", () => {
    expect(windowStart(now, undefined, 3_600_000)).toBe(now - 3_600_000);
  });
  it("later passes: from where the previous one started, a minute earlier against clock skew", () => {
    expect(windowStart(now, now - 600_000, 3_600_000)).toBe(now - 660_000);
  });
  it("never beyond GitHub's 3-day retention", () => {
    expect(windowStart(now, now - 5 * RETENTION_MS, 3_600_000)).toBe(now - RETENTION_MS + 60_000);
    expect(windowStart(now, undefined, 10 * RETENTION_MS)).toBe(now - RETENTION_MS + 60_000);
  });
});

describe("redelivery settings", () => {
  it("every 10 minutes by default, the first pass within a minute of start-up; 0 turns it off", () => {
    expect(redeliverySettings({})).toEqual({ intervalMs: 600_000, firstDelayMs: 30_000, lookBackMs: 3_600_000 });
    expect(redeliverySettings({ ANVIL_REDELIVERY_INTERVAL_MINUTES: "0" }).intervalMs).toBe(0);
    expect(redeliverySettings({ ANVIL_REDELIVERY_INTERVAL_MINUTES: "0.05", ANVIL_REDELIVERY_LOOKBACK_MINUTES: "5" })).toEqual({ intervalMs: 3_000, firstDelayMs: 3_000, lookBackMs: 300_000 });
  });
});
