import { enoughForRelease, linkedBody, planRelease, type ReleaseFacts } from "../../checklists/plan-release.js";
import { resolveCommit } from "../../github/commits.js";
import { getIssue, updateIssue } from "../../github/issues.js";
import type { ChecklistShell } from "./checklist-shell.js";
import { findOwnChecklists } from "./find-own-checklists.js";
import { openChecklist } from "./open-checklist.js";

/**
 * A release was published: link the cycle's pre-release checklist to the tag (closing it as
 * completed, or not planned when boxes were left), and open the release checklist for the tag.
 */
export async function linkRelease(shell: ChecklistShell, release: ReleaseFacts): Promise<void> {
  const { octokit, repo, markers, log } = shell;
  const { tag } = release;
  const checklists = await findOwnChecklists(shell, { wanted: (state) => state.type !== "incident", enough: (found) => enoughForRelease(found, release) });
  const plan = planRelease(checklists, release);

  if (plan.link) {
    // Re-read right before writing: the body as it is now decides "complete", and keeps human edits.
    const fresh = await getIssue(octokit, repo, plan.link.issue.number);
    const { body, complete } = linkedBody(markers, fresh.body, plan.link.state);
    await updateIssue(octokit, repo, fresh.number, {
      body,
      ...(fresh.state === "open" ? { state: "closed" as const, state_reason: complete ? ("completed" as const) : ("not_planned" as const) } : {}),
    });
    log.info({ issue: fresh.number, tag, complete }, "pre-release checklist linked to the release");
  }
  if (!plan.createReleaseChecklist) {
    log.info(`release checklist for ${tag} already exists`);
    return;
  }
  const sha = await resolveCommit(octokit, repo, tag);
  const number = await openChecklist(shell, { type: "release", state: { type: "release", tag, ...(sha ? { sha } : {}) }, tag, ...(sha ? { sha } : {}) });
  if (number !== undefined) log.info({ issue: number, tag }, "release checklist opened");
}
