import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../src/config/schema.js";
import { DRILL_NOTICE, renderDrillPlan, renderDrillProgress, renderDrillReminder, renderDrillReport } from "../../../src/messages/drill.js";
import { cleanupFor, drillDue, drillTag, isCleanupAction, isDrillTag, pendingSteps, planDrill, readDrillState, reopenFailedCleanup, rollbackStopped, summarizeDrill, type DrillFacts, type DrillState, type DrillStepRun } from "../../../src/rollback/drill.js";
import { lastKnownGood } from "../../../src/rollback/last-known-good.js";

const facts: DrillFacts = {
  latestTag: "v0.1.0",
  existingTags: ["v0.0.9", "v0.1.0"],
  defaultBranch: "main",
  defaultBranchSha: "b".repeat(40),
  immutableReleases: false,
  severity: "critical",
  response: defaultConfig.rollback.severities.critical,
  deadlineMinutes: 60,
  readmeBanner: true,
  dispatch: true,
  webhook: false,
};

describe("drill tag", () => {
  it("is a pre-release of the next patch version, numbered past every existing drill tag of that base", () => {
    expect(drillTag("v0.1.0", [])).toBe("v0.1.1-drill.1");
    expect(drillTag("v0.1.0", ["v0.1.1-drill.1", "v0.1.1-drill.4", "v0.0.5-drill.9"])).toBe("v0.1.1-drill.5");
    expect(drillTag("1.2.3", ["1.2.4-drill.2"])).toBe("1.2.4-drill.3");
    expect(drillTag(undefined, [])).toBe("v0.0.1-drill.1");
    expect(isDrillTag("v0.1.1-drill.5")).toBe(true);
    expect(isDrillTag("v0.1.1")).toBe(false);
  });

  it("never collides with an existing tag", () => {
    const existing = ["v0.1.1-drill.1", "v0.1.1-drill.2", "v0.1.1-drill.3"];
    expect(existing).not.toContain(drillTag("v0.1.0", existing));
  });

  it("sorts below any real release of that version, so the current release stays the last known good", () => {
    const tag = drillTag("v0.1.0", []);
    const release = (id: number, name: string, prerelease = false) => ({ id, tag: name, name, body: "", draft: false, prerelease, immutable: false, targetCommitish: "main", createdAt: "", publishedAt: "2026-01-01T00:00:00Z", htmlUrl: "", author: undefined, assets: [] });
    expect(lastKnownGood([release(3, tag, true), release(2, "v0.1.0"), release(1, "v0.0.9")], tag)?.tag).toBe("v0.1.0");
  });
});

describe("drill plan", () => {
  it("runs the default severity's rollback steps, then the README banner and the dispatch, verifies and cleans up", () => {
    const decision = planDrill(facts);
    expect(decision.kind).toBe("plan");
    if (decision.kind !== "plan") return;
    expect(decision.plan).toEqual({
      tag: "v0.1.1-drill.1",
      good: "v0.1.0",
      commitSha: facts.defaultBranchSha,
      defaultBranch: "main",
      severity: "critical",
      deadlineMinutes: 60,
      steps: ["create-release", "record", "delete-release", "delete-tag", "announce", "pin", "advisory", "retag-check", "incident", "readme-banner", "dispatch", "verify", "cleanup"],
      cleanup: ["close-banner-pull", "delete-banner-branch", "unpin-announcement", "close-announcement", "close-advisory", "remove-release", "remove-tag", "close-incident"],
    });
  });

  it("a high default revokes in place and restores Latest afterwards; no banner when nothing is pinned", () => {
    const high = planDrill({ ...facts, severity: "high", response: defaultConfig.rollback.severities.high, webhook: true });
    expect(high.kind === "plan" && high.plan.steps).toEqual(["create-release", "record", "revoke-in-place", "make-latest", "announce", "pin", "incident", "readme-banner", "dispatch", "webhook", "verify", "cleanup"]);
    expect(high.kind === "plan" && high.plan.cleanup).toContain("restore-latest");
    const medium = planDrill({ ...facts, severity: "medium", response: defaultConfig.rollback.severities.medium, dispatch: false });
    expect(medium.kind === "plan" && medium.plan.steps).not.toContain("readme-banner");
    expect(medium.kind === "plan" && medium.plan.cleanup).toEqual(["close-announcement", "remove-release", "remove-tag", "close-incident"]);
  });

  it("is refused where immutable releases would keep the drill's tag forever", () => {
    expect(planDrill({ ...facts, immutableReleases: true })).toEqual({ kind: "refuse", reason: "immutable-releases" });
  });

  it("cleans up exactly what the steps created", () => {
    expect(cleanupFor(["create-release", "record", "incident"])).toEqual(["remove-release", "remove-tag", "close-incident"]);
    expect(cleanupFor([])).toEqual([]);
  });

  it("the dry run shows the steps and the cleanup, and says nothing changed", () => {
    const decision = planDrill(facts);
    if (decision.kind !== "plan") throw new Error("refused");
    const text = renderDrillPlan(decision.plan, true);
    expect(text).toContain("### Rollback drill `v0.1.1-drill.1` — dry run: nothing has been changed");
    expect(text).toContain("- ▫️ Send the `anvil-drill` repository_dispatch event");
    expect(text).toContain("**Cleanup:** close the README banner pull request, delete its branch, unpin the announcement");
    expect(text).toContain("Deadline for this severity: 1 h.");
    expect(DRILL_NOTICE).toContain("rollback drill");
  });
});

describe("drill report", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();
  const run = (step: DrillStepRun["step"], from: number, to: number, extra: Partial<DrillStepRun> = {}): DrillStepRun => ({ step, startedAt: at(from), finishedAt: at(to), status: "done", detail: "ok", ...extra });

  it("times each step and the whole response against the deadline; cleanup is not part of the response", () => {
    const summary = summarizeDrill([run("create-release", 0, 2), run("record", 2, 5), run("delete-release", 5, 6, { verified: true }), run("verify", 6, 8), run("remove-tag", 8, 9)], 60);
    expect(summary.responseMs).toBe(6000);
    expect(summary.withinDeadline).toBe(true);
    expect(summary.steps.map((step) => step.ms)).toEqual([2000, 3000, 1000, 2000, 1000]);
    expect(summary.clean).toBe(true);
    expect(summary.failures).toEqual([]);
    const text = renderDrillReport("v0.1.1-drill.1", summary);
    expect(text).toContain("✅ Every step worked and was cleaned up.");
    expect(text).toContain("The rollback steps took 6.0 s, within the 1 h deadline.");
    expect(text).toContain("| Cleanup: delete the drill tag | 1.0 s | ✅ ok |");
  });

  it("names failures (a missing permission is the point of drilling) and unverified effects", () => {
    const summary = summarizeDrill(
      [run("advisory", 0, 1, { status: "failed", detail: "HTTP 403: Resource not accessible by integration" }), run("pin", 1, 2, { verified: false }), run("close-incident", 2, 3, { status: "failed", detail: "HTTP 500" })],
      null,
    );
    expect(summary.failures.map((failure) => failure.step)).toEqual(["advisory", "pin", "close-incident"]);
    expect(summary.clean).toBe(false);
    expect(summary.withinDeadline).toBeNull();
    const text = renderDrillReport("v0.1.1-drill.1", summary);
    expect(text).toContain("❌ 3 step(s) failed");
    expect(text).toContain("(not verified)");
    expect(text).toContain("(no deadline for this severity)");
  });
});

describe("drill due", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("is due when no drill ever finished, or the last finished one is older than the interval", () => {
    expect(drillDue([], 91, now)).toEqual({ due: true, lastDrillAt: undefined, daysSince: undefined });
    const record = (finishedAt?: string) => ({ tag: "v0.1.1-drill.1", severity: "critical" as const, actor: "maya", startedAt: "2026-01-01T00:00:00Z", ...(finishedAt ? { finishedAt } : {}) });
    expect(drillDue([record("2026-10-01T00:00:00Z"), record("2026-06-01T00:00:00Z")], 91, now)).toEqual({ due: false, lastDrillAt: "2026-10-01T00:00:00Z" });
    expect(drillDue([record("2026-08-01T00:00:00Z"), record()], 91, now)).toEqual({ due: true, lastDrillAt: "2026-08-01T00:00:00Z", daysSince: 116 });
    expect(drillDue([record("2026-08-26T12:00:00Z")], 91, now).due).toBe(true); // exactly 91 days
  });

  it("the reminder is for people: it tells a maintainer what to comment", () => {
    expect(renderDrillReminder({ due: true, lastDrillAt: "2026-08-01T00:00:00Z", daysSince: 116 }, 91)).toBe(
      "> [!TIP]\n> The last rollback drill was on 2026-08-01, 116 days ago; the release procedure asks for one every 91 days. A maintainer can comment `/anvil drill --dry-run` to see what it would do, then `/anvil drill`: it practises the whole rollback on a throwaway pre-release and cleans up after itself.",
    );
    expect(renderDrillReminder({ due: true, lastDrillAt: undefined, daysSince: undefined }, 91)).toContain("No rollback drill has been run in this repository yet");
  });
});

describe("drill state", () => {
  const decision = planDrill(facts);
  if (decision.kind !== "plan") throw new Error("refused");
  const at = "2026-11-25T10:00:00.000Z";
  const base: DrillState = { phase: "running", commandCommentId: 7, actor: "maya", startedAt: at, plan: decision.plan, runs: [] };
  const ran = (step: DrillStepRun["step"], status: DrillStepRun["status"] = "done"): DrillStepRun => ({ step, startedAt: at, finishedAt: at, status, detail: "" });

  it("the pending steps: every planned step and cleanup action without a recorded run, in order (`cleanup` itself is its actions)", () => {
    expect(pendingSteps(base)).toEqual([...decision.plan.steps.filter((step) => step !== "cleanup"), ...decision.plan.cleanup]);
    const resumed = { ...base, runs: [ran("create-release"), ran("record"), ran("delete-release")] };
    expect(pendingSteps(resumed)[0]).toBe("delete-tag");
    expect(rollbackStopped(resumed)).toBe(false);
  });

  it("a failed rollback step stops the rollback part; a failed cleanup action or verify does not", () => {
    expect(rollbackStopped({ ...base, runs: [ran("create-release"), ran("record", "failed")] })).toBe(true);
    expect(rollbackStopped({ ...base, runs: [ran("verify", "failed"), ran("remove-tag", "failed")] })).toBe(false);
    expect(isCleanupAction("remove-tag")).toBe(true);
    expect(isCleanupAction("delete-tag")).toBe(false);
  });

  it("a finished drill with a failed cleanup action reopens that action and close-incident; a clean one stays done", () => {
    const done: DrillState = { ...base, phase: "done", finishedAt: at, runs: [ran("create-release"), ran("record", "failed"), ran("remove-release", "failed"), ran("remove-tag"), ran("close-incident")] };
    const reopened = reopenFailedCleanup(done);
    expect(reopened?.phase).toBe("running");
    expect(reopened?.finishedAt).toBeUndefined();
    expect(reopened?.runs.map((run) => run.step)).toEqual(["create-release", "record", "remove-tag"]);
    expect(reopenFailedCleanup({ ...done, runs: [ran("record", "failed"), ran("remove-release")] })).toBeUndefined();
    expect(reopenFailedCleanup({ ...done, phase: "running" })).toBeUndefined();
  });

  it("reads only a state that parses (a marker of another shape is no drill)", () => {
    expect(readDrillState(base as unknown as Record<string, unknown>)).toEqual(base);
    expect(readDrillState({ ...base, phase: "exploded" } as unknown as Record<string, unknown>)).toBeUndefined();
    expect(readDrillState(undefined)).toBeUndefined();
  });

  it("progress: finished steps with their outcome, the rest still to do", () => {
    const text = renderDrillProgress(decision.plan, [ran("create-release"), { ...ran("record", "failed"), detail: "HTTP 403: Resource not accessible by integration" }]);
    expect(text).toContain("### Rollback drill `v0.1.1-drill.1` running");
    expect(text).toContain("- ✅ Create a throwaway pre-release and tag on the default branch's head");
    expect(text).toContain("- ❌ Record the release in an incident issue — HTTP 403: Resource not accessible by integration");
    expect(text).toContain("- ▫️ Delete the release");
    expect(text).toContain("- ▫️ Cleanup: close the incident issue (with this report)");
  });
});
