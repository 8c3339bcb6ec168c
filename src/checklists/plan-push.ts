import type { ChecklistIssue } from "./checklist-issue.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readChecklistState, type ChecklistState } from "./checklist-state.js";
import { addCommits, checklistItems, legacyCommits, refreshBody, sameCommit, type CommitSummary } from "./render-checklist.js";
import type { TaskItem } from "./parse-task-list.js";

export interface PushFacts {
  headSha: string;
  /** The commit the branch pointed to before this push. */
  before?: string;
  /** When GitHub received the push (`repository.pushed_at` of the push payload, seconds). */
  pushedAt?: number;
  branch: string;
  commits: CommitSummary[];
}

export type PushPlan =
  | { action: "none"; reason: string }
  | { action: "create"; state: ChecklistState }
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

export type PushOrder = "same" | "older" | "newer";

/**
 * Where a push stands relative to the one a checklist tracks. Time is GitHub's own: the push
 * payload's `repository.pushed_at` (the server's clock when the push arrived, unchanged in a
 * redelivery), never a commit's timestamp, which whoever made the commit chose. Pushes within the
 * same second (or records without the time) fall back to what the checklist has seen: a head it
 * already listed, or the commit the tracked push started from, is older.
 */
export function pushOrder(tracked: ChecklistState, trackedBody: string, push: PushFacts): PushOrder {
  if (tracked.sha && sameCommit(tracked.sha, push.headSha)) return "same";
  if (tracked.pushedAt !== undefined && push.pushedAt !== undefined && tracked.pushedAt !== push.pushedAt) {
    return push.pushedAt < tracked.pushedAt ? "older" : "newer";
  }
  const seen = [...(tracked.commits ?? legacyCommits(trackedBody).commits).map((commit) => commit.sha), ...(tracked.before ? [tracked.before] : [])];
  return seen.some((sha) => sameCommit(sha, push.headSha)) ? "older" : "newer";
}

/**
 * A push to the default branch: keep exactly one pre-release checklist for the current cycle.
 * The first push of a cycle creates it; later pushes move it to the new head commit (which gets
 * its own check run) and add the pushed commits, leaving every box as the humans left it.
 * A redelivered push, or an older one arriving late, changes nothing: time never runs backwards,
 * not even across a release (an old push must not open a new cycle on an old commit).
 */
export function planPush(checklists: readonly OwnChecklist[], push: PushFacts, markers: MarkerCodec): PushPlan {
  const newest = checklists.find((checklist) => checklist.state.type === "pre-release");
  if (newest) {
    const order = pushOrder(newest.state, newest.issue.body, push);
    if (order === "same") return { action: "none", reason: `commit ${push.headSha.slice(0, 7)} is already tracked` };
    if (order === "older") return { action: "none", reason: `commit ${push.headSha.slice(0, 7)} was pushed before the tracked one` };
  }
  const pushed = { sha: push.headSha, branch: push.branch, ...(push.pushedAt !== undefined ? { pushedAt: push.pushedAt } : {}), ...(push.before ? { before: push.before } : {}) };
  const current = newest && !newest.state.releasedAs ? newest : undefined;
  if (!current) {
    const previous = checklists.find((checklist) => checklist.state.type === "pre-release" && checklist.state.releasedAs);
    return {
      action: "create",
      state: { type: "pre-release", after: previous?.state.releasedAs ?? null, ...pushed, ...addCommits({ type: "pre-release", commits: [] }, "", push.commits) },
    };
  }
  const { checkRunId: _oldRun, checkRunComplete: _oldComplete, reported: _oldReport, pushedAt: _oldTime, before: _oldBefore, ...rest } = current.state;
  const state: ChecklistState = { ...rest, ...pushed, ...addCommits(current.state, current.issue.body, push.commits) };
  const body = refreshBody(markers, current.issue.body, state);
  return { action: "update", issue: current.issue, state, body, items: checklistItems(body) };
}
