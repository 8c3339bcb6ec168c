import { planRelease } from "../../checklists/plan-release.js";
import { resolveCommit } from "../../github/commits.js";
import { updateIssue, type IssueSnapshot } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";
import { findOwnChecklists } from "./find-own-checklists.js";
import { openChecklist } from "./open-checklist.js";

/**
 * A release was published for `tag`: link the cycle's pre-release checklist to it (closing it as
 * completed, or not planned when boxes were left), and open the release checklist for the tag.
 * `onIssue` sees every issue of the listing (the rollback resolution looks for incidents there).
 */
export async function linkRelease(shell: ChecklistShell, tag: string, onIssue?: (issue: IssueSnapshot) => void): Promise<void> {
  const { octokit, repo, markers, log } = shell;
  const checklists = await findOwnChecklists(shell, () => true, onIssue);
  const plan = planRelease(checklists, tag, markers);

  if (plan.link) {
    await updateIssue(octokit, repo, plan.link.issue.number, {
      body: plan.link.body,
      ...(plan.link.issue.state === "open" ? { state: "closed" as const, state_reason: plan.link.complete ? ("completed" as const) : ("not_planned" as const) } : {}),
    });
    log.info({ issue: plan.link.issue.number, tag, complete: plan.link.complete }, "pre-release checklist linked to the release");
  }
  if (!plan.createReleaseChecklist) {
    log.info(`release checklist for ${tag} already exists`);
    return;
  }
  const sha = await resolveCommit(octokit, repo, tag);
  const number = await openChecklist(shell, { type: "release", state: { type: "release", tag, ...(sha ? { sha } : {}) }, tag, ...(sha ? { sha } : {}) });
  if (number !== undefined) log.info({ issue: number, tag }, "release checklist opened");
}
