import { describe, expect, it } from "vitest";
import { readChecklistState, type ChecklistState } from "../../../src/checklists/checklist-state.js";
import { planEdit, type EditFacts } from "../../../src/checklists/plan-edit.js";
import { ownChecklists, planPush } from "../../../src/checklists/plan-push.js";
import { linkedBody, planRelease } from "../../../src/checklists/plan-release.js";
import { checkRunReport, checklistItems, renderNewChecklist } from "../../../src/checklists/render-checklist.js";
import { inert } from "../../../src/markdown/escape.js";
import { readSection } from "../../../src/markers/sections.js";
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
    expect(plan.state).toMatchObject({ type: "pre-release", after: null, sha: push.headSha, branch: "main", commitCount: 1 });
    expect(plan.state.checkRunId).toBeUndefined();
    expect(plan.body).toContain("`bbbbbbb` feat: x (alice)");
    const again = planPush(ownChecklists([{ ...current, body: plan.body }], markers), { ...push, headSha: "c".repeat(40) }, markers);
    expect(again.action === "update" && readSection(again.body, "changes")?.match(/bbbbbbb/g)).toHaveLength(1);
  });

  it("does nothing for the commit it already tracks", () => {
    const current = snapshot(2, { type: "pre-release", after: null, sha: push.headSha });
    expect(planPush(ownChecklists([current], markers), push, markers)).toEqual({ action: "none", reason: "commit bbbbbbb is already tracked" });
  });
});

describe("planRelease", () => {
  it("links the open checklist and asks for a release checklist", () => {
    const current = snapshot(2, { type: "pre-release", after: null, sha: "a".repeat(40) });
    const plan = planRelease(ownChecklists([current], markers), { tag: "v1.0.0" });
    expect(plan.createReleaseChecklist).toBe(true);
    const linked = linkedBody(markers, current.body, plan.link!.state);
    expect(linked.complete).toBe(false);
    expect(readChecklistState(linked.body, markers)).toMatchObject({ releasedAs: "v1.0.0", completeAtRelease: false });
  });

  it("is keyed on the tag: v-prefixed or not, an existing release checklist is not created again", () => {
    const existing = snapshot(3, { type: "release", tag: "1.0.0" });
    expect(planRelease(ownChecklists([existing], markers), { tag: "v1.0.0" })).toEqual({ createReleaseChecklist: false });
    expect(sameVersion("v1.0.0", "1.0.0")).toBe(true);
    expect(sameVersion("v1.0.1", "1.0.0")).toBe(false);
  });
});

describe("planEdit", () => {
  const state: ChecklistState = { type: "pre-release", sha: "a".repeat(40), checkRunId: 9 };
  const before = renderNewChecklist({ markers, state, template: TEMPLATE });
  const url = "https://x/1";
  /** An edit from `before` to `after`, read back from GitHub as `after` (the usual case). */
  const edit = (after: string, extra: Partial<EditFacts> = {}, issueState: "open" | "closed" = "open"): EditFacts => ({
    before, after, current: { body: after, state: issueState, htmlUrl: url }, state, actor: "alice", at: "2026-11-25T10:00:00Z", closeOnComplete: true, markers, ...extra,
  });

  it("completing the list closes the issue and updates the check run", () => {
    const plan = planEdit(edit(before.replace("- [ ] one", "- [x] one")));
    expect(plan.issueState).toEqual({ state: "closed", reason: "completed" });
    expect(plan.checkRun).toBe("update");
    expect(plan.state.checkRunComplete).toBe(true);
    expect(plan.changes).toEqual([{ text: "one", change: "ticked" }]);
  });

  it("leaves the issue open when closing on completion is off", () => {
    expect(planEdit(edit(before.replace("- [ ] one", "- [x] one"), { closeOnComplete: false })).issueState).toBeUndefined();
  });

  it("an untick after success needs a new check run", () => {
    const done = { ...state, checkRunComplete: true };
    const full = renderNewChecklist({ markers, state: done, template: "- [x] one\n- [x] two\n" });
    const after = full.replace("- [x] two", "- [ ] two");
    const plan = planEdit({ ...edit(after, {}, "closed"), before: full, state: done });
    expect(plan.checkRun).toBe("create");
    expect(plan.issueState).toEqual({ state: "open", reason: "reopened" });
  });

  it("an edit with no box changed plans nothing", () => {
    const current = planEdit(edit(before)).body ?? before; // the body as Anvil last wrote it
    const plan = planEdit({ ...edit(`${current}\nprose`), before: current, state: readChecklistState(current, markers)! });
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
