import { describe, expect, it } from "vitest";
import { loadOnFirstUse } from "../../../src/runtime/load-on-first-use.js";

describe("loadOnFirstUse", () => {
  it("loads nothing until the first event, then once for all events, concurrent ones included", async () => {
    let loads = 0;
    const seen: number[] = [];
    const handler = loadOnFirstUse(async () => {
      loads++;
      return async (n: number) => {
        seen.push(n);
      };
    });
    expect(loads).toBe(0);
    await Promise.all([handler(1), handler(2)]);
    await handler(3);
    expect(loads).toBe(1);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("a failed load fails that event and is tried again on the next", async () => {
    let loads = 0;
    const handler = loadOnFirstUse(async () => {
      loads++;
      if (loads === 1) throw new Error("import failed");
      return async () => {};
    });
    await expect(handler()).rejects.toThrow("import failed");
    await expect(handler()).resolves.toBeUndefined();
    expect(loads).toBe(2);
  });
});
