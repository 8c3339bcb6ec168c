import { readChecklistState } from "../../checklists/checklist-state.js";
import { planEdit } from "../../checklists/plan-edit.js";
import { refreshBody } from "../../checklists/render-checklist.js";
import { createCheckRun, updateCheckRun } from "../../github/check-runs.js";
import { getIssue, updateIssue } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";

export interface ChecklistEdit {
  number: number;
  /** The body before and after the edit, as the webhook reports them. */
  before: string;
  after: string;
  actor: string;
  /** The edit's `updated_at`. */
  at: string;
}

/**
 * A human edited a checklist: read it as it is now, recount, keep the check run and the
 * open/closed state in step with the boxes, and note who ticked what. What to do is decided by
 * `planEdit`; the write applies only Anvil's own parts to the body just read.
 */
export async function recountChecklist(shell: ChecklistShell, edit: ChecklistEdit): Promise<void> {
  const { octokit, repo, config, markers, log } = shell;
  const current = await getIssue(octokit, repo, edit.number);
  // The state Anvil acts on is the one in the body now, and only if its signature verifies.
  const state = readChecklistState(current.body, markers);
  if (!state) {
    log.info({ issue: edit.number }, "checklist marker no longer verifies; not acting on this issue");
    return;
  }
  const plan = planEdit({
    before: edit.before,
    after: edit.after,
    current: { body: current.body, state: current.state, closedAt: current.closedAt, htmlUrl: current.htmlUrl },
    state,
    actor: edit.actor,
    at: edit.at,
    closeOnComplete: config.checklists.closeOnComplete,
    markers,
  });

  let body = plan.body;
  if (plan.checkRun === "update" && state.checkRunId !== undefined) {
    await updateCheckRun(octokit, repo, state.checkRunId, plan.report);
  } else if (plan.checkRun === "create" && state.sha) {
    const checkRunId = await createCheckRun(octokit, repo, state.sha, plan.report);
    body = refreshBody(markers, current.body, { ...plan.state, checkRunId }, { audit: plan.audit });
  }
  if (body !== undefined || plan.issueState) {
    await updateIssue(octokit, repo, edit.number, {
      ...(body !== undefined ? { body } : {}),
      ...(plan.issueState ? { state: plan.issueState.state, state_reason: plan.issueState.reason } : {}),
    });
  }
  log.info({ issue: edit.number, changes: plan.changes.length, state: plan.issueState?.state }, "checklist recounted");
}
