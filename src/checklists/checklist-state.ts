import { z } from "zod";
import type { MarkerCodec } from "../markers/codec.js";

export const CHECKLIST_MARKER = "checklist";

/**
 * What Anvil remembers about a checklist issue, stored in a hidden marker in its body.
 * - `pre-release`: one per release cycle, keyed by the release the cycle follows (`after`),
 *   tracking the default branch's head commit; linked to the tag it shipped as (`releasedAs`).
 * - `release`: one per release tag (`tag`), opened when the release is published.
 */
/** A pushed commit as kept in the marker: the raw subject line (normalised, bounded), never escaped text. */
export const recordedCommitSchema = z.object({
  sha: z.string(),
  message: z.string(),
  author: z.string().optional(),
});

export const checklistStateSchema = z.object({
  type: z.enum(["pre-release", "release", "incident"]),
  /** The tag of the release this cycle follows (pre-release), or null for the first cycle. */
  after: z.string().nullable().optional(),
  tag: z.string().optional(),
  branch: z.string().optional(),
  /** The commit whose check run reflects this checklist. */
  sha: z.string().optional(),
  checkRunId: z.number().int().optional(),
  /** Whether the check run currently says success (so an untick knows to start a new run). */
  checkRunComplete: z.boolean().optional(),
  releasedAs: z.string().optional(),
  completeAtRelease: z.boolean().optional(),
  /** When GitHub received the tracked push (`repository.pushed_at`, seconds): the order of pushes. */
  pushedAt: z.number().optional(),
  /** The commit the branch pointed to before the tracked push (known to be older). */
  before: z.string().optional(),
  /** The newest commits of this cycle (at most 50), as pushed; the changes section is rendered from them. */
  commits: z.array(recordedCommitSchema).optional(),
  /** How many commits this cycle has seen in all, including those no longer kept in `commits`. */
  commitCount: z.number().int().optional(),
  /** `updated_at` of the newest human edit that ticked or unticked a box: older edits delivered late change no open/closed state. */
  lastEditAt: z.string().optional(),
  /** A digest of what the check run last said, so a recount that changes nothing sends nothing. */
  reported: z.string().optional(),
});

export type ChecklistState = z.infer<typeof checklistStateSchema>;

/** The state in a body's signed checklist marker; undefined when there is none that verifies. */
export function readChecklistState(body: string | null | undefined, markers: MarkerCodec): ChecklistState | undefined {
  const data = markers.find(body, CHECKLIST_MARKER);
  if (!data) return undefined;
  const parsed = checklistStateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The state as stored: undefined fields dropped and keys in one order, so the same state always
 * gives the same marker (and an unchanged checklist is not rewritten).
 */
export function toMarkerData(state: ChecklistState): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
