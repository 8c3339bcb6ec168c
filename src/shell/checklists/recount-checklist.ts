import type { ChecklistState } from "../../checklists/checklist-state.js";
import { planEdit } from "../../checklists/plan-edit.js";
import { checkRunReport, refreshBody } from "../../checklists/render-checklist.js";
import { createCheckRun, updateCheckRun } from "../../github/check-runs.js";
import { updateIssue } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";

export interface ChecklistEdit {
  number: number;
  htmlUrl: string;
  issueState: "open" | "closed";
  /** The body before and after the edit, as the webhook reports them. */
  before: string;
  after: string;
  state: ChecklistState;
  actor: string;
  at: string;
}

/**
 * A human edited a checklist: recount, keep the check run and the open/closed state in step with
 * the boxes, and note who ticked what. What to do is decided by `planEdit`.
 */
export async function recountChecklist(shell: ChecklistShell, edit: ChecklistEdit): Promise<void> {
  const { octokit, repo, config, markers, log } = shell;
  const { state } = edit;
  const plan = planEdit({
    before: edit.before,
    after: edit.after,
    issueState: edit.issueState,
    state,
    actor: edit.actor,
    at: edit.at,
    closeOnComplete: config.checklists.closeOnComplete,
    markers,
  });

  let nextState = plan.state;
  if (plan.checkRun !== "none" && state.sha) {
    const report = checkRunReport(plan.items, edit.htmlUrl);
    if (plan.checkRun === "update" && state.checkRunId !== undefined) {
      await updateCheckRun(octokit, repo, state.checkRunId, report);
    } else {
      nextState = { ...nextState, checkRunId: await createCheckRun(octokit, repo, state.sha, report) };
    }
  }
  const body = nextState === plan.state ? plan.body : refreshBody(markers, edit.after, nextState, { audit: plan.audit });
  if (body !== undefined || plan.issueState) {
    await updateIssue(octokit, repo, edit.number, {
      ...(body !== undefined ? { body } : {}),
      ...(plan.issueState ? { state: plan.issueState.state, state_reason: plan.issueState.reason } : {}),
    });
  }
  log.info({ issue: edit.number, changes: plan.changes.length, state: plan.issueState?.state }, "checklist recounted");
}
