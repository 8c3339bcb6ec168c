import type { MarkerCodec } from "../markers/codec.js";
import type { ChecklistReport } from "./checklist-issue.js";
import type { ChecklistState } from "./checklist-state.js";
import { diffTicks, type TickChange } from "./diff-ticks.js";
import { progressOf, type TaskItem } from "./parse-task-list.js";
import { checkRunReport, checklistItems, refreshBody, reportDigest, type AuditEntry } from "./render-checklist.js";

export interface EditFacts {
  /** The body before and after this edit, as the webhook reported them: who ticked what. */
  before: string;
  after: string;
  /** The issue as it is now, read from GitHub: what the counts, the check run and the write start from. */
  current: { body: string; state: "open" | "closed"; closedAt?: string | null; htmlUrl: string };
  /** The state in the current body's signed marker. */
  state: ChecklistState;
  actor: string;
  /** `updated_at` of the edit (GitHub's clock). */
  at: string;
  closeOnComplete: boolean;
  markers: MarkerCodec;
}

export interface EditPlan {
  /** The new body, when Anvil's parts of it must change. */
  body?: string;
  /** Open or close the issue. */
  issueState?: { state: "open" | "closed"; reason: "completed" | "reopened" };
  /** What to do with the check run: nothing, update the current one, or start a new one. */
  checkRun: "none" | "update" | "create";
  report: ChecklistReport;
  state: ChecklistState;
  items: TaskItem[];
  changes: TickChange[];
  /** Audit lines to add for this edit. */
  audit: AuditEntry[];
}

function later(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  const [left, right] = [Date.parse(a), Date.parse(b)];
  return Number.isFinite(left) && Number.isFinite(right) ? left > right : a > b;
}

/**
 * A human edited a checklist: recount, note who ticked what, keep the check run and the
 * open/closed state in step with the boxes.
 *
 * The counts come from the body as it is now, never from the webhook's copy, so an edit
 * delivered late or twice cannot bring back an older state. The webhook's before/after only say
 * who ticked what (audit lines, each recorded once) and whether this edit may open or close the
 * issue: only the newest edit may (`lastEditAt`), and never to undo a close made after it.
 * Edits that change no box change nothing.
 */
export function planEdit(facts: EditFacts): EditPlan {
  const changes = diffTicks(checklistItems(facts.before), checklistItems(facts.after));
  const items = checklistItems(facts.current.body);
  const progress = progressOf(items);
  const newest = changes.length > 0 && later(facts.at, facts.state.lastEditAt);

  let issueState: EditPlan["issueState"];
  if (newest && facts.closeOnComplete && progress.complete && facts.current.state === "open" && changes.some((change) => change.change === "ticked")) {
    issueState = { state: "closed", reason: "completed" };
  }
  const closedAfterEdit = facts.current.closedAt ? later(facts.current.closedAt, facts.at) : false;
  if (newest && facts.current.state === "closed" && !progress.complete && !closedAfterEdit && changes.some((change) => change.change === "unticked")) {
    issueState = { state: "open", reason: "reopened" };
  }

  // A completed check run is final on GitHub: an untick after success starts a fresh run.
  const report = checkRunReport(items, facts.current.htmlUrl);
  const digest = reportDigest(report);
  let checkRun: EditPlan["checkRun"] = "none";
  if (facts.state.sha) {
    if (facts.state.checkRunId === undefined || (facts.state.checkRunComplete && !report.complete)) checkRun = "create";
    else if (facts.state.reported === undefined ? changes.length > 0 : digest !== facts.state.reported) checkRun = "update";
  }
  const state: ChecklistState = {
    ...facts.state,
    ...(checkRun !== "none" ? { checkRunComplete: report.complete, reported: digest } : {}),
    ...(newest ? { lastEditAt: facts.at } : {}),
  };

  const audit: AuditEntry[] = changes.map((change) => ({ at: facts.at, actor: facts.actor, change }));
  const body = refreshBody(facts.markers, facts.current.body, state, { audit });
  return { ...(body !== facts.current.body ? { body } : {}), ...(issueState ? { issueState } : {}), checkRun, report, state, items, changes, audit };
}
