import type { ChecklistIssue } from "./checklist-issue.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readChecklistState, type ChecklistState } from "./checklist-state.js";
import { checklistItems, listedCommits, mergeCommits, refreshBody, type CommitSummary } from "./render-checklist.js";
import type { TaskItem } from "./parse-task-list.js";

export interface PushFacts {
  headSha: string;
  branch: string;
  commits: CommitSummary[];
}

export type PushPlan =
  | { action: "none"; reason: string }
  | { action: "create"; state: ChecklistState; commits: CommitSummary[] }
  | { action: "update"; issue: ChecklistIssue; state: ChecklistState; body: string; items: TaskItem[] };

export interface OwnChecklist {
  issue: ChecklistIssue;
  state: ChecklistState;
}

/** Anvil's checklist issues among `issues` (newest first), with their decoded state. */
export function ownChecklists(issues: readonly ChecklistIssue[], markers: MarkerCodec): OwnChecklist[] {
  return issues.flatMap((issue) => {
    const state = readChecklistState(issue.body, markers);
    return state ? [{ issue, state }] : [];
  });
}

/** The pre-release checklist of the current cycle: the newest one not yet shipped as a release. */
export function currentPreRelease(checklists: readonly OwnChecklist[]): OwnChecklist | undefined {
  return checklists.find((checklist) => checklist.state.type === "pre-release" && !checklist.state.releasedAs);
}

/**
 * A push to the default branch: keep exactly one pre-release checklist for the current cycle.
 * The first push of a cycle creates it; later pushes move it to the new head commit (which gets
 * its own check run) and add the pushed commits, leaving every box as the humans left it.
 * A redelivered push (head already tracked) changes nothing.
 */
export function planPush(checklists: readonly OwnChecklist[], push: PushFacts, markers: MarkerCodec): PushPlan {
  const current = currentPreRelease(checklists);
  if (!current) {
    const previous = checklists.find((checklist) => checklist.state.type === "pre-release" && checklist.state.releasedAs);
    return {
      action: "create",
      state: { type: "pre-release", after: previous?.state.releasedAs ?? null, branch: push.branch, sha: push.headSha },
      commits: push.commits,
    };
  }
  if (current.state.sha === push.headSha) return { action: "none", reason: `commit ${push.headSha.slice(0, 7)} is already tracked` };

  const { checkRunId: _oldRun, checkRunComplete: _oldComplete, ...rest } = current.state;
  const state: ChecklistState = { ...rest, sha: push.headSha, branch: push.branch };
  const commits = mergeCommits(listedCommits(current.issue.body), push.commits);
  const body = refreshBody(markers, current.issue.body, state, { commits });
  return { action: "update", issue: current.issue, state, body, items: checklistItems(body) };
}
