import { readChecklistState, type ChecklistState } from "../../checklists/checklist-state.js";
import type { ChecklistIssue } from "../../checklists/checklist-issue.js";
import type { OwnChecklist } from "../../checklists/plan-push.js";
import { isConfigProblem, resolveConfigProblem } from "../config/report-config-problem.js";
import { listOwnIssues, type IssueSnapshot } from "../../github/issues.js";
import type { MarkerCodec } from "../../markers/codec.js";
import type { ChecklistShell } from "./checklist-shell.js";

/** GitHub's issue, as the checklist planners see it. */
export function toChecklistIssue(issue: IssueSnapshot): ChecklistIssue {
  return { number: issue.number, body: issue.body, state: issue.state, htmlUrl: issue.htmlUrl, createdAt: issue.createdAt };
}

function checklistsAmong(issues: readonly IssueSnapshot[], markers: MarkerCodec, wanted: (state: ChecklistState) => boolean): OwnChecklist[] {
  return issues.flatMap((issue) => {
    const state = readChecklistState(issue.body, markers);
    return state && wanted(state) ? [{ issue: toChecklistIssue(issue), state }] : [];
  });
}

/**
 * Anvil's own checklists whose state `wanted` accepts, newest first, reading pages of Anvil's
 * issues until `enough` of them are found (or there are no more): the current pre-release
 * checklist is found even behind hundreds of newer incident or release issues.
 *
 * The same listing finds open config-problem issues, closed here: the configuration loaded fine
 * for this event. Those older than the pages read were closed by the event that created or moved
 * the newest checklist, which read everything newer than the one before it, and so on.
 */
export async function findOwnChecklists(
  shell: ChecklistShell,
  lookup: {
    wanted: (state: ChecklistState) => boolean;
    enough: (found: readonly OwnChecklist[]) => boolean;
    /** Sees every issue read (wanted or not), without changing where the listing stops. */
    onIssue?: (issue: IssueSnapshot) => void;
  },
): Promise<OwnChecklist[]> {
  const { octokit, repo, botLogin, markers } = shell;
  const issues = await listOwnIssues(octokit, repo, botLogin, (read) => lookup.enough(checklistsAmong(read, markers, lookup.wanted)));
  if (lookup.onIssue) for (const issue of issues) lookup.onIssue(issue);
  await resolveConfigProblem(octokit, repo, markers, issues.filter((issue) => issue.state === "open" && isConfigProblem(issue, markers)));
  return checklistsAmong(issues, markers, lookup.wanted);
}
