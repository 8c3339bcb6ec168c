import { planPush, type PushFacts } from "../../checklists/plan-push.js";
import { checkRunReport, checklistItems, refreshBody, reportDigest } from "../../checklists/render-checklist.js";
import { createCheckRun, updateCheckRun } from "../../github/check-runs.js";
import { drillRecordsIn, refreshDrillReminder } from "../../checklists/drill-reminder.js";
import { getIssue, updateIssue, type IssueSnapshot } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";
import { findOwnChecklists } from "./find-own-checklists.js";
import { openChecklist } from "./open-checklist.js";

/**
 * A push to the default branch: open the cycle's pre-release checklist, or move it to the pushed
 * head (a new check run there, the pushed commits listed). What to do is decided by `planPush`;
 * a redelivered or older push changes nothing. Moving drops the drill reminder when the issues
 * listed anyway show a recent drill (every issue Anvil opened after the checklist is among them).
 */
export async function openOrMoveChecklist(shell: ChecklistShell, push: PushFacts): Promise<void> {
  const { octokit, repo, config, markers, log } = shell;
  const seen: IssueSnapshot[] = [];
  const checklists = await findOwnChecklists(shell, { wanted: (state) => state.type === "pre-release", enough: (found) => found.length > 0, onIssue: (issue) => seen.push(issue) });
  const plan = planPush(checklists, push, markers);

  if (plan.action === "none") {
    log.info(`push: nothing to do (${plan.reason})`);
    return;
  }
  if (plan.action === "update") {
    const report = checkRunReport(plan.items, plan.issue.htmlUrl);
    const checkRunId = await createCheckRun(octokit, repo, push.headSha, report);
    // Re-read right before writing: a box ticked or a line added since the listing survives.
    const fresh = await getIssue(octokit, repo, plan.issue.number);
    const freshReport = checkRunReport(checklistItems(fresh.body), plan.issue.htmlUrl);
    if (reportDigest(freshReport) !== reportDigest(report)) await updateCheckRun(octokit, repo, checkRunId, freshReport);
    const state = { ...plan.state, checkRunId, checkRunComplete: freshReport.complete, reported: reportDigest(freshReport) };
    const body = refreshDrillReminder(refreshBody(markers, fresh.body, state), drillRecordsIn(seen, markers), config.drills, shell.now());
    await updateIssue(octokit, repo, plan.issue.number, { body });
    log.info({ issue: plan.issue.number, sha: push.headSha }, "pre-release checklist moved to the new head commit");
    return;
  }
  const number = await openChecklist(shell, { type: "pre-release", state: plan.state, sha: push.headSha });
  if (number !== undefined) log.info({ issue: number, sha: push.headSha }, "pre-release checklist opened");
}
