import { refreshBody, checklistItems } from "./render-checklist.js";
import { progressOf } from "./parse-task-list.js";
import type { ChecklistState } from "./checklist-state.js";
import { currentPreRelease, type OwnChecklist } from "./plan-push.js";
import type { ChecklistIssue } from "./checklist-issue.js";
import type { MarkerCodec } from "../markers/codec.js";
import { sameVersion } from "../versions/versions.js";

export interface ReleasePlan {
  /** The pre-release checklist to link to the tag (and close), when one is open for this cycle. */
  link?: { issue: ChecklistIssue; body: string; complete: boolean };
  /** Whether the release checklist for the tag must be created (false when it already exists). */
  createReleaseChecklist: boolean;
}


/**
 * A release was published for `tag`: record on the cycle's pre-release checklist that it shipped
 * as `tag` (and whether it was complete then), and open the release checklist for `tag` unless it
 * exists. Keyed on the tag, so `published` redelivered, or fired alongside other actions, is a no-op.
 */
export function planRelease(checklists: readonly OwnChecklist[], tag: string, markers: MarkerCodec): ReleasePlan {
  const createReleaseChecklist = !checklists.some((checklist) => checklist.state.type === "release" && sameVersion(checklist.state.tag, tag));
  const alreadyLinked = checklists.some((checklist) => checklist.state.type === "pre-release" && sameVersion(checklist.state.releasedAs, tag));
  const current = alreadyLinked ? undefined : currentPreRelease(checklists);
  if (!current) return { createReleaseChecklist };

  const complete = progressOf(checklistItems(current.issue.body)).complete;
  const state: ChecklistState = { ...current.state, releasedAs: tag, completeAtRelease: complete };
  return { link: { issue: current.issue, body: refreshBody(markers, current.issue.body, state), complete }, createReleaseChecklist };
}
