import { describe, expect, it, vi } from "vitest";
import { drainBackgroundWork, inFlightLimit, runInBackground } from "../../src/runtime/background-work.js";

describe("work continued after a webhook is acknowledged", () => {
  it("drain waits for work in flight, including work that work started", async () => {
    const done: string[] = [];
    const log = { error: vi.fn() };
    void runInBackground(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push("first");
      void runInBackground(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        done.push("second");
      }, log);
    }, log);
    expect(done).toEqual([]);
    expect(await drainBackgroundWork()).toBe(true);
    expect(done).toEqual(["first", "second"]);
  });

  it("a failure is logged, never thrown into the void", async () => {
    const log = { error: vi.fn() };
    void runInBackground(async () => {
      throw new Error("GitHub said 500");
    }, log);
    await drainBackgroundWork();
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(String(log.error.mock.calls[0]?.[0]?.err)).toContain("GitHub said 500");
  });

  it("past the in-flight limit, the next delivery waits for room (and so its acknowledgement does)", async () => {
    const releases: Array<() => void> = [];
    const started: number[] = [];
    const hold = (n: number) => () => {
      started.push(n);
      return new Promise<void>((resolve) => releases.push(resolve));
    };
    await runInBackground(hold(1), { error: vi.fn() }, 2);
    await runInBackground(hold(2), { error: vi.fn() }, 2);
    let third = false;
    const waiting = runInBackground(hold(3), { error: vi.fn() }, 2).then(() => (third = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([1, 2]);
    expect(third).toBe(false);
    releases[0]?.();
    await waiting;
    expect(started).toEqual([1, 2, 3]);
    releases[1]?.();
    releases[2]?.();
    expect(await drainBackgroundWork()).toBe(true);
  });

  it("drain gives up after its timeout and says so", async () => {
    let release = () => {};
    void runInBackground(() => new Promise<void>((resolve) => (release = resolve)), { error: vi.fn() });
    expect(await drainBackgroundWork(30)).toBe(false);
    release();
    expect(await drainBackgroundWork()).toBe(true);
  });

  it("the in-flight limit comes from ANVIL_MAX_IN_FLIGHT when that is a positive whole number", () => {
    expect(inFlightLimit(undefined)).toBe(256);
    expect(inFlightLimit("32")).toBe(32);
    expect(inFlightLimit("0")).toBe(256);
    expect(inFlightLimit("-3")).toBe(256);
    expect(inFlightLimit("lots")).toBe(256);
    expect(inFlightLimit("2.5")).toBe(256);
  });
});
