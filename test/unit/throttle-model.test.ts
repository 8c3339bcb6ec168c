import { describe, expect, it } from "vitest";
import { isWrite, mandatedFinish, triggersNotification } from "../../bench/throttle-model.js";

describe("the benchmark's model of Probot's mandated write spacing", () => {
  it("classifies writes and notification-triggering writes as @octokit/plugin-throttling does", () => {
    expect(isWrite({ method: "GET", path: "/repos/a/b/issues" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/app/installations/42/access_tokens" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/api/graphql" })).toBe(true);
    expect(triggersNotification({ method: "POST", path: "/repos/a/b/issues" })).toBe(true);
    expect(triggersNotification({ method: "POST", path: "/repos/a/b/issues/3/comments" })).toBe(true);
    expect(triggersNotification({ method: "PATCH", path: "/repos/a/b/issues/3" })).toBe(false);
    expect(triggersNotification({ method: "POST", path: "/repos/a/b/check-runs" })).toBe(false);
  });

  it("reads cost no spacing; each write waits 1 s after the previous; notifications 3 s after the previous notification", () => {
    expect(mandatedFinish([{ method: "GET", path: "/repos/a/b/issues" }], 100)).toBe(100);
    const push = [
      { method: "GET", path: "/repos/a/b/issues" },
      { method: "POST", path: "/repos/a/b/labels" },
      { method: "POST", path: "/repos/a/b/check-runs" },
      { method: "POST", path: "/repos/a/b/issues" },
    ];
    expect(mandatedFinish(push, 0)).toBe(2000);
    const plan = [
      { method: "POST", path: "/repos/a/b/issues/comments/9/reactions" },
      { method: "POST", path: "/repos/a/b/issues/1/comments" },
    ];
    expect(mandatedFinish(plan, 0, { lastWrite: -Infinity, lastNotification: -500 })).toBe(2500);
  });
});
