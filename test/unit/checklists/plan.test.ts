import { describe, expect, it } from "vitest";
import { readChecklistState, type ChecklistState } from "../../../src/checklists/checklist-state.js";
import { planEdit } from "../../../src/checklists/plan-edit.js";
import { ownChecklists, planPush } from "../../../src/checklists/plan-push.js";
import { planRelease } from "../../../src/checklists/plan-release.js";
import { checkRunReport, checklistItems, renderNewChecklist } from "../../../src/checklists/render-checklist.js";
import { inert } from "../../../src/markdown/escape.js";
import { markerCodec } from "../../../src/markers/codec.js";
import { sameVersion } from "../../../src/versions/versions.js";

const markers = markerCodec("42");
import type { ChecklistIssue } from "../../../src/checklists/checklist-issue.js";

const TEMPLATE = "- [ ] one\n- [x] two\n";
const snapshot = (number: number, state: ChecklistState, template = TEMPLATE, extra: Partial<ChecklistIssue> = {}): ChecklistIssue => ({
  number,
  body: renderNewChecklist({ markers, state, template }),
  state: "open",
  htmlUrl: `https://x/${number}`,
  createdAt: "2026-01-01T00:00:00Z",
  ...extra,
});
const push = { headSha: "b".repeat(40), branch: "main", commits: [{ sha: "b".repeat(40), message: "feat: x", author: "alice" }] };

describe("planPush", () => {
  it("creates the first checklist, recording the release the cycle follows", () => {
    const shipped = snapshot(1, { type: "pre-release", after: null, sha: "a".repeat(40), releasedAs: "v0.1.0" });
    expect(planPush(ownChecklists([shipped], markers), push, markers)).toMatchObject({ action: "create", state: { type: "pre-release", after: "v0.1.0", sha: push.headSha } });
    expect(planPush([], push, markers)).toMatchObject({ action: "create", state: { after: null } });
  });

  it("updates the open cycle's checklist, listing each commit once", () => {
    const current = snapshot(2, { type: "pre-release", after: null, sha: "a".repeat(40), checkRunId: 3 });
    const plan = planPush(ownChecklists([current], markers), push, markers);
    expect(plan.action).toBe("update");
    if (plan.action !== "update") return;
    expect(plan.state).toEqual({ type: "pre-release", after: null, sha: push.headSha, branch: "main" });
    expect(plan.body).toContain("`bbbbbbb` feat: x (alice)");
    const again = planPush(ownChecklists([{ ...current, body: plan.body }], markers), { ...push, headSha: "c".repeat(40) }, markers);
    expect(again.action === "update" && again.body.match(/bbbbbbb/g)).toHaveLength(1);
  });

  it("does nothing for the commit it already tracks", () => {
    const current = snapshot(2, { type: "pre-release", after: null, sha: push.headSha });
    expect(planPush(ownChecklists([current], markers), push, markers)).toEqual({ action: "none", reason: "commit bbbbbbb is already tracked" });
  });
});

describe("planRelease", () => {
  it("links the open checklist and asks for a release checklist", () => {
    const current = snapshot(2, { type: "pre-release", after: null, sha: "a".repeat(40) });
    const plan = planRelease(ownChecklists([current], markers), "v1.0.0", markers);
    expect(plan.createReleaseChecklist).toBe(true);
    expect(plan.link?.complete).toBe(false);
    expect(readChecklistState(plan.link?.body, markers)).toMatchObject({ releasedAs: "v1.0.0", completeAtRelease: false });
  });

  it("is keyed on the tag: v-prefixed or not, an existing release checklist is not created again", () => {
    const existing = snapshot(3, { type: "release", tag: "1.0.0" });
    expect(planRelease(ownChecklists([existing], markers), "v1.0.0", markers)).toEqual({ createReleaseChecklist: false });
    expect(sameVersion("v1.0.0", "1.0.0")).toBe(true);
    expect(sameVersion("v1.0.1", "1.0.0")).toBe(false);
  });
});

describe("planEdit", () => {
  const state: ChecklistState = { type: "pre-release", sha: "a".repeat(40), checkRunId: 9 };
  const before = renderNewChecklist({ markers, state, template: TEMPLATE });
  const base = { before, issueState: "open" as const, state, actor: "alice", at: "2026-11-25T10:00:00Z", closeOnComplete: true, markers };

  it("completing the list closes the issue and updates the check run", () => {
    const plan = planEdit({ ...base, after: before.replace("- [ ] one", "- [x] one") });
    expect(plan.issueState).toEqual({ state: "closed", reason: "completed" });
    expect(plan.checkRun).toBe("update");
    expect(plan.state.checkRunComplete).toBe(true);
    expect(plan.changes).toEqual([{ text: "one", change: "ticked" }]);
  });

  it("leaves the issue open when closing on completion is off", () => {
    expect(planEdit({ ...base, closeOnComplete: false, after: before.replace("- [ ] one", "- [x] one") }).issueState).toBeUndefined();
  });

  it("an untick after success needs a new check run", () => {
    const done = { ...state, checkRunComplete: true };
    const full = renderNewChecklist({ markers, state: done, template: "- [x] one\n- [x] two\n" });
    const plan = planEdit({ ...base, state: done, before: full, after: full.replace("- [x] two", "- [ ] two"), issueState: "closed" });
    expect(plan.checkRun).toBe("create");
    expect(plan.issueState).toEqual({ state: "open", reason: "reopened" });
  });

  it("an edit with no box changed plans nothing", () => {
    const plan = planEdit({ ...base, after: `${before}\nprose` });
    expect(plan).toMatchObject({ checkRun: "none", changes: [] });
    expect(plan.body).toBeUndefined();
    expect(plan.issueState).toBeUndefined();
  });

  it("ignores boxes a human put in Anvil's own sections", () => {
    expect(checklistItems(before.replace("<!-- anvil:end:status -->", "- [ ] sneaky\n<!-- anvil:end:status -->"))).toHaveLength(2);
  });
});

describe("rendering", () => {
  it("makes commit text inert: no mentions, no HTML, no markup", () => {
    expect(inert("@org/team <img src=x> *bold* [x](y)")).toBe("@\u200borg/team &lt;img src=x&gt; \\*bold\\* \\[x\\](y)");
    expect(inert("a".repeat(300)).length).toBe(120);
  });

  it("summarises what is left in the check run", () => {
    const report = checkRunReport(checklistItems("1. **Build**\n   - [ ] compile\n   - [x] lint\n"));
    expect(report).toMatchObject({ complete: false, title: "1 / 2 items done" });
    expect(report.summary).toContain("- Build: compile");
    expect(report.summary).not.toContain("lint");
  });
});
