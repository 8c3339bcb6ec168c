import { planPush, type PushFacts } from "../../checklists/plan-push.js";
import { checkRunReport, refreshBody } from "../../checklists/render-checklist.js";
import { createCheckRun } from "../../github/check-runs.js";
import { updateIssue } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";
import { findOwnChecklists } from "./find-own-checklists.js";
import { openChecklist } from "./open-checklist.js";

/**
 * A push to the default branch: open the cycle's pre-release checklist, or move it to the pushed
 * head (a new check run there, the pushed commits listed). What to do is decided by `planPush`.
 */
export async function openOrMoveChecklist(shell: ChecklistShell, push: PushFacts): Promise<void> {
  const { octokit, repo, markers, log } = shell;
  const checklists = await findOwnChecklists(shell, (state) => state.type === "pre-release");
  const plan = planPush(checklists, push, markers);

  if (plan.action === "none") {
    log.info(`push: nothing to do (${plan.reason})`);
    return;
  }
  if (plan.action === "update") {
    const report = checkRunReport(plan.items, plan.issue.htmlUrl);
    const checkRunId = await createCheckRun(octokit, repo, push.headSha, report);
    const state = { ...plan.state, checkRunId, checkRunComplete: report.complete };
    await updateIssue(octokit, repo, plan.issue.number, { body: refreshBody(markers, plan.body, state) });
    log.info({ issue: plan.issue.number, sha: push.headSha }, "pre-release checklist moved to the new head commit");
    return;
  }
  const number = await openChecklist(shell, { type: "pre-release", state: plan.state, sha: push.headSha, commits: plan.commits });
  if (number !== undefined) log.info({ issue: number, sha: push.headSha }, "pre-release checklist opened");
}
