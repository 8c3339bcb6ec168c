import { describe, expect, it, vi } from "vitest";
import { drainBackgroundWork, runInBackground } from "../../src/helpers/background-work.js";

describe("work continued after a webhook is acknowledged", () => {
  it("drain waits for work in flight, including work that work started", async () => {
    const done: string[] = [];
    const log = { error: vi.fn() };
    runInBackground(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push("first");
      runInBackground(async () => {
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
    runInBackground(async () => {
      throw new Error("GitHub said 500");
    }, log);
    await drainBackgroundWork();
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(String(log.error.mock.calls[0]?.[0]?.err)).toContain("GitHub said 500");
  });

  it("drain gives up after its timeout and says so", async () => {
    let release = () => {};
    runInBackground(() => new Promise<void>((resolve) => (release = resolve)), { error: vi.fn() });
    expect(await drainBackgroundWork(30)).toBe(false);
    release();
    expect(await drainBackgroundWork()).toBe(true);
  });
});
