import { z } from "zod";
import type { Severity } from "../config/schema.js";

/**
 * The response to a bad release, per severity: the release procedure's decision matrix as data.
 * Pure: the plan shows what `decideResponse` returns, and the run executes exactly those steps.
 *
 * | severity | release and tag                     | announcement | advisory          | release notes  |
 * |----------|-------------------------------------|--------------|-------------------|----------------|
 * | critical | deleted (immutable: revoked in place)| pinned       | drafted           | —              |
 * | high     | kept, revoked in place              | pinned       | with `--advisory` | caution banner |
 * | medium   | kept                                | open         | with `--advisory` | known issue    |
 * | low      | kept                                | —            | —                 | —              |
 */

/** What happens to the release and its tag. `mark` = revoked in place: kept, marked, replaced as Latest. */
export const REVOCATIONS = ["delete", "mark", "none"] as const;
export type Revocation = (typeof REVOCATIONS)[number];

export const ANNOUNCEMENTS = ["pinned", "open", "none"] as const;
export type Announcement = (typeof ANNOUNCEMENTS)[number];

export const RELEASE_NOTES_CHANGES = ["none", "banner", "known-issue"] as const;
export type ReleaseNotesChange = (typeof RELEASE_NOTES_CHANGES)[number];

/** `true`: always drafted; `"on-request"`: only with `--advisory`; `false`: never, not even with `--advisory`. */
export type AdvisoryPolicy = boolean | "on-request";

/** The part of `rollback.severities.<severity>` that decides the response. */
export interface SeverityResponseConfig {
  revoke: Revocation;
  announcement: Announcement;
  advisory: AdvisoryPolicy;
  releaseNotes: ReleaseNotesChange;
}

export const defaultResponses: Record<Severity, SeverityResponseConfig> = {
  critical: { revoke: "delete", announcement: "pinned", advisory: true, releaseNotes: "none" },
  high: { revoke: "mark", announcement: "pinned", advisory: "on-request", releaseNotes: "banner" },
  medium: { revoke: "none", announcement: "open", advisory: "on-request", releaseNotes: "known-issue" },
  low: { revoke: "none", announcement: "none", advisory: false, releaseNotes: "none" },
};

/**
 * The zod fields to merge into `rollback.severities.<severity>` (config schema): every field a
 * repository leaves out keeps the decision-matrix default.
 */
export function severityResponseFields(severity: Severity) {
  const defaults = defaultResponses[severity];
  return {
    /** `delete` the release and its tag, `mark` it revoked in place (kept), or `none` (kept as it is). */
    revoke: z.enum(REVOCATIONS).default(defaults.revoke),
    /** An announcement issue that is `pinned`, `open` (not pinned), or `none`. */
    announcement: z.enum(ANNOUNCEMENTS).default(defaults.announcement),
    /** Draft a security advisory: `true`, `"on-request"` (only with `--advisory`), or `false` (never). */
    advisory: z.union([z.boolean(), z.literal("on-request")]).default(defaults.advisory),
    /** Change to the kept release's notes: a caution `banner`, a `known-issue` note, or `none`. */
    releaseNotes: z.enum(RELEASE_NOTES_CHANGES).default(defaults.releaseNotes),
  };
}

/** Steps a response may run, in the order they run. */
export const RESPONSE_STEP_IDS = [
  "record",
  "delete-release",
  "delete-tag",
  "revoke-in-place",
  "make-latest",
  "caution-banner",
  "known-issue-note",
  "announce",
  "pin",
  "advisory",
  "retag-check",
  "incident",
] as const;
export type ResponseStepId = (typeof RESPONSE_STEP_IDS)[number];

/** One-run overrides from the command line. */
export interface ResponseOverrides {
  /** `--revoke delete|mark|none`. */
  revoke?: Revocation;
  /** `--advisory`. */
  advisory?: boolean;
}

export interface ReleaseFacts {
  /** Immutable releases cannot be deleted without burning the tag name; only title and notes change. */
  immutable: boolean;
  /** Whether a last known good version exists (it becomes Latest when the release is revoked in place). */
  hasLastKnownGood: boolean;
}

/** Why the response differs from what was configured or asked: each is shown in the plan. */
export type ResponseNote =
  | { kind: "revoke-overridden"; configured: Revocation; requested: Revocation }
  | { kind: "immutable-revoked-in-place" }
  | { kind: "advisory-never"; severity: Severity }
  | { kind: "release-notes-gone" }
  | { kind: "banner-replaces-note" }
  | { kind: "no-latest-to-restore" }
  | { kind: "next-regular-release" };

export interface RollbackResponse {
  severity: Severity;
  /** What will happen to the release and the tag (after overrides and the immutable rule). */
  revocation: Revocation;
  /** What was asked for before the immutable rule (the tag-deletion costs depend on it). */
  requestedRevocation: Revocation;
  announcement: Announcement;
  advisory: "drafted" | "none";
  /** Whether the advisory comes from `--advisory` rather than the severity. */
  advisoryOnRequest: boolean;
  releaseNotes: ReleaseNotesChange;
  steps: ResponseStepId[];
  notes: ResponseNote[];
}

/** Decide the response. Same inputs, same response: the plan stores it and the run follows it. */
export function decideResponse(input: {
  severity: Severity;
  config: SeverityResponseConfig;
  overrides?: ResponseOverrides;
  release: ReleaseFacts;
}): RollbackResponse {
  const { severity, config, release } = input;
  const overrides = input.overrides ?? {};
  const notes: ResponseNote[] = [];

  const requestedRevocation = overrides.revoke ?? config.revoke;
  if (overrides.revoke !== undefined && overrides.revoke !== config.revoke) notes.push({ kind: "revoke-overridden", configured: config.revoke, requested: overrides.revoke });
  // Deleting an immutable release burns its tag name forever and its tag cannot be deleted: revoke in place.
  const revocation: Revocation = requestedRevocation === "delete" && release.immutable ? "mark" : requestedRevocation;
  if (revocation !== requestedRevocation) notes.push({ kind: "immutable-revoked-in-place" });

  let releaseNotes = config.releaseNotes;
  if (revocation === "delete" && releaseNotes !== "none") {
    notes.push({ kind: "release-notes-gone" });
    releaseNotes = "none";
  }
  if (revocation === "mark") {
    if (releaseNotes === "known-issue") notes.push({ kind: "banner-replaces-note" });
    releaseNotes = "banner"; // revoking in place always says so at the top of the notes
  }

  let advisory: RollbackResponse["advisory"] = "none";
  let advisoryOnRequest = false;
  if (config.advisory === true) advisory = "drafted";
  else if (overrides.advisory === true && config.advisory === "on-request") {
    advisory = "drafted";
    advisoryOnRequest = true;
  } else if (overrides.advisory === true) notes.push({ kind: "advisory-never", severity });

  if (revocation === "mark" && !release.hasLastKnownGood) notes.push({ kind: "no-latest-to-restore" });
  if (severity === "low" && revocation === "none") notes.push({ kind: "next-regular-release" });

  const steps: ResponseStepId[] = ["record"];
  if (revocation === "delete") steps.push("delete-release", "delete-tag");
  if (revocation === "mark") steps.push("revoke-in-place", ...(release.hasLastKnownGood ? (["make-latest"] as const) : []));
  if (revocation !== "mark" && releaseNotes === "banner") steps.push("caution-banner");
  if (releaseNotes === "known-issue") steps.push("known-issue-note");
  if (config.announcement !== "none") steps.push("announce");
  if (config.announcement === "pinned") steps.push("pin");
  if (advisory === "drafted") steps.push("advisory");
  // The re-tag hazard exists only once the tag is gone: a kept tag stops the tagging workflow.
  if (revocation === "delete") steps.push("retag-check");
  steps.push("incident");

  return { severity, revocation, requestedRevocation, announcement: config.announcement, advisory, advisoryOnRequest, releaseNotes, steps, notes };
}

/** The response as stored in the plan's signed marker (what `--confirm` runs is what was shown). */
export const responseNoteSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("revoke-overridden"), configured: z.enum(REVOCATIONS), requested: z.enum(REVOCATIONS) }),
  z.object({ kind: z.literal("immutable-revoked-in-place") }),
  z.object({ kind: z.literal("advisory-never"), severity: z.enum(["critical", "high", "medium", "low"]) }),
  z.object({ kind: z.literal("release-notes-gone") }),
  z.object({ kind: z.literal("banner-replaces-note") }),
  z.object({ kind: z.literal("no-latest-to-restore") }),
  z.object({ kind: z.literal("next-regular-release") }),
]);

export const rollbackResponseSchema = z.object({
  severity: z.enum(["critical", "high", "medium", "low"]),
  revocation: z.enum(REVOCATIONS),
  requestedRevocation: z.enum(REVOCATIONS),
  announcement: z.enum(ANNOUNCEMENTS),
  advisory: z.enum(["drafted", "none"]),
  advisoryOnRequest: z.boolean(),
  releaseNotes: z.enum(RELEASE_NOTES_CHANGES),
  steps: z.array(z.enum(RESPONSE_STEP_IDS)),
  notes: z.array(responseNoteSchema),
});
