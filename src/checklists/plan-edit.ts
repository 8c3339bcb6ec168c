import type { MarkerCodec } from "../markers/codec.js";
import type { ChecklistState } from "./checklist-state.js";
import { diffTicks, type TickChange } from "./diff-ticks.js";
import { progressOf, type TaskItem } from "./parse-task-list.js";
import { checklistItems, refreshBody, type AuditEntry } from "./render-checklist.js";

export interface EditFacts {
  before: string;
  after: string;
  issueState: "open" | "closed";
  state: ChecklistState;
  actor: string;
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
  state: ChecklistState;
  items: TaskItem[];
  changes: TickChange[];
  /** Audit lines to add for this edit. */
  audit: AuditEntry[];
}

/**
 * A human edited a checklist issue: recount, note who ticked what, keep the check run and the
 * open/closed state in step with the boxes. Edits that change no box change nothing.
 */
export function planEdit(facts: EditFacts): EditPlan {
  const beforeItems = checklistItems(facts.before);
  const items = checklistItems(facts.after);
  const changes = diffTicks(beforeItems, items);
  const wasComplete = progressOf(beforeItems).complete;
  const progress = progressOf(items);

  const audit: AuditEntry[] = changes.map((change) => ({ at: facts.at, actor: facts.actor, change }));
  let issueState: EditPlan["issueState"];
  if (facts.closeOnComplete && progress.complete && facts.issueState === "open") issueState = { state: "closed", reason: "completed" };
  if (facts.issueState === "closed" && changes.some((change) => change.change === "unticked")) issueState = { state: "open", reason: "reopened" };

  // A completed check run is final on GitHub: an untick after success starts a fresh run.
  let checkRun: EditPlan["checkRun"] = "none";
  const state: ChecklistState = { ...facts.state };
  if (facts.state.sha && (changes.length > 0 || progress.complete !== wasComplete || facts.state.checkRunId === undefined)) {
    checkRun = facts.state.checkRunId === undefined || (facts.state.checkRunComplete && !progress.complete) ? "create" : "update";
  }
  if (checkRun !== "none") state.checkRunComplete = progress.complete;

  const body = refreshBody(facts.markers, facts.after, state, { audit });
  return { ...(body !== facts.after ? { body } : {}), ...(issueState ? { issueState } : {}), checkRun, state, items, changes, audit };
}
