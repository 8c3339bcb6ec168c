import { refreshBody, checklistItems } from "./render-checklist.js";
import { progressOf } from "./parse-task-list.js";
import type { ChecklistState } from "./checklist-state.js";
import type { ChecklistIssue } from "./checklist-issue.js";
import type { OwnChecklist } from "./plan-push.js";
import type { MarkerCodec } from "../markers/codec.js";
import { sameVersion } from "../versions/versions.js";

export interface ReleaseFacts {
  tag: string;
  /** When the release was published (GitHub's clock); undefined treats it as now. */
  publishedAt?: string | null;
}

export interface ReleasePlan {
  /** The pre-release checklist to link to the tag (and close), when one is open for this cycle. */
  link?: { issue: ChecklistIssue; state: ChecklistState };
  /** Whether the release checklist for the tag must be created (false when it already exists). */
  createReleaseChecklist: boolean;
}

/** Whether an issue was opened after the release was published (so it belongs to a later cycle). */
function openedAfter(issue: ChecklistIssue, publishedAt: string | null | undefined): boolean {
  if (!publishedAt) return false;
  const published = Date.parse(publishedAt);
  const created = Date.parse(issue.createdAt);
  return Number.isFinite(published) && Number.isFinite(created) && created > published;
}

/**
 * Enough of Anvil's issues have been read to plan a release published at `publishedAt` once a
 * pre-release checklist opened before the release is among them: everything the release itself
 * led to (its release checklist, the next cycle's checklist) was opened after it, so is newer.
 */
export function enoughForRelease(checklists: readonly OwnChecklist[], release: ReleaseFacts): boolean {
  return checklists.some((checklist) => checklist.state.type === "pre-release" && !openedAfter(checklist.issue, release.publishedAt));
}

/**
 * A release was published for `tag`: record on the cycle's pre-release checklist that it shipped
 * as `tag`, and open the release checklist for `tag` unless it exists. Keyed on the tag, so
 * `published` redelivered, or fired alongside other actions, is a no-op. A checklist opened after
 * the release was published belongs to the next cycle and is never linked to it, so a release
 * event delivered late cannot close the wrong checklist.
 */
export function planRelease(checklists: readonly OwnChecklist[], release: ReleaseFacts): ReleasePlan {
  const { tag } = release;
  const createReleaseChecklist = !checklists.some((checklist) => checklist.state.type === "release" && sameVersion(checklist.state.tag, tag));
  const alreadyLinked = checklists.some((checklist) => checklist.state.type === "pre-release" && sameVersion(checklist.state.releasedAs, tag));
  const current = alreadyLinked
    ? undefined
    : checklists.find((checklist) => checklist.state.type === "pre-release" && !checklist.state.releasedAs && !openedAfter(checklist.issue, release.publishedAt));
  if (!current) return { createReleaseChecklist };
  return { link: { issue: current.issue, state: { ...current.state, releasedAs: tag } }, createReleaseChecklist };
}

/** The linked checklist's body, from the body as it is now: whether it was complete is read from it. */
export function linkedBody(markers: MarkerCodec, body: string, state: ChecklistState): { body: string; complete: boolean } {
  const complete = progressOf(checklistItems(body)).complete;
  return { body: refreshBody(markers, body, { ...state, completeAtRelease: complete }), complete };
}
