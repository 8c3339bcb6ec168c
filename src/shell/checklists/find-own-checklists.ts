import { readChecklistState, type ChecklistState } from "../../checklists/checklist-state.js";
import type { ChecklistIssue } from "../../checklists/checklist-issue.js";
import type { OwnChecklist } from "../../checklists/plan-push.js";
import { isConfigProblem, resolveConfigProblem } from "../config/report-config-problem.js";
import { findOwnIssues, type IssueSnapshot } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";

/** GitHub's issue, as the checklist planners see it. */
export function toChecklistIssue(issue: IssueSnapshot): ChecklistIssue {
  return { number: issue.number, body: issue.body, state: issue.state, htmlUrl: issue.htmlUrl, createdAt: issue.createdAt };
}

/**
 * Anvil's own checklists whose state `wanted` accepts, newest first. The same listing finds an
 * open config-problem issue, which is closed here: the configuration loaded fine for this event.
 * `onIssue` sees every listed issue (wanted or not), without changing where the listing stops.
 */
export async function findOwnChecklists(shell: ChecklistShell, wanted: (state: ChecklistState) => boolean, onIssue?: (issue: IssueSnapshot) => void): Promise<OwnChecklist[]> {
  const { octokit, repo, botLogin, markers } = shell;
  const issues = await findOwnIssues(octokit, repo, botLogin, (issue) => {
    onIssue?.(issue);
    if (issue.state === "open" && isConfigProblem(issue, markers)) return true;
    const state = readChecklistState(issue.body, markers);
    return state !== undefined && wanted(state);
  });
  await resolveConfigProblem(octokit, repo, markers, issues.filter((issue) => isConfigProblem(issue, markers)));
  return issues.flatMap((issue) => {
    const state = readChecklistState(issue.body, markers);
    return state && wanted(state) ? [{ issue: toChecklistIssue(issue), state }] : [];
  });
}
