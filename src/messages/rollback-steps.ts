import type { RollbackPlan } from "../rollback/plan.js";
import { DRILL_TITLE_PREFIX } from "./drill.js";

/**
 * What each saga step reports in the status comment (after the step's label), and the few texts
 * steps write into GitHub. Shown to everybody who can read the issue: never a draft advisory's
 * id or URL (drafts are private).
 */

export const stepDetail = {
  recorded: (incident: number) => `recorded in #${incident}`,

  releaseDeleted: (result: "deleted" | "already gone") => (result === "deleted" ? "release deleted" : "release was already gone"),
  revokedInPlace: (immutable: boolean) => (immutable ? "marked revoked, with a caution banner (immutable: title and notes only)" : "demoted to pre-release, marked revoked, with a caution banner"),
  releaseGone: "the release is gone: nothing to mark",
  noGoodRelease: "no earlier stable release to make Latest",
  madeLatest: (good: string) => `\`${good}\` is Latest`,
  newerLatestKept: (latest: string) => `\`${latest}\`, a newer release, stays Latest`,
  noticeWritten: "at the top of the release notes",
  tagDeleted: (result: "deleted" | "already gone") => (result === "deleted" ? "tag deleted" : "tag was already gone"),

  announced: (announcement: number) => `#${announcement}`,

  noAnnouncementToPin: "no announcement to pin",
  alreadyPinned: "already pinned",
  pinned: "pinned",
  pinnedAfterUnpinning: (older: number) => `pinned (unpinned Anvil's older announcement #${older} to make room)`,
  noRoomToPin: (limit: number, announcement: number | undefined) =>
    `${limit} issues are already pinned by people; Anvil never unpins a human's pin. Unpin one and pin #${announcement ?? "?"} by hand`,

  noPackageKnown: "no package known: set `rollback.advisory.ecosystem` and `rollback.advisory.package` in `.github/anvil.yml`",
  // Never the draft's id or URL: this text is public, the draft is not (see docs/security.md).
  advisoryExists: "a draft security advisory (Security → Advisories) already exists; private until published",
  advisoryDrafted: "a draft security advisory (Security → Advisories) was opened; private until published",
  advisoriesUnavailable: "security advisories are unavailable here or the app lacks the `repository_advisories: write` permission",

  noVersionFile: "no version file with a version found",
  versionMovedOn: (file: string, version: string) => `\`${file}\` holds ${version}, not the revoked version`,
  retagHazard: (file: string, version: string) => `⚠️ re-tag hazard: \`${file}\` still holds ${version}`,

  noIncident: "no incident issue",
  incidentTracks: (incident: number) => `#${incident} tracks the rest of the procedure`,
} as const;

/** The warning shown in the status comment and the incident when the version file still holds the revoked version. */
export function retagWarning(file: string, version: string, tag: string): string {
  return `\`${file}\` on the default branch still holds version ${version}: the next push may re-create tag \`${tag}\` and its release. Bump the version before anything else lands.`;
}

/** The draft advisory's one-line summary. */
export function advisorySummary(plan: Pick<RollbackPlan, "tag" | "reason" | "severity" | "drill">): string {
  return `${plan.drill ? `${DRILL_TITLE_PREFIX} ` : ""}${plan.tag} revoked: ${plan.reason ? plan.reason.slice(0, 80) : `${plan.severity} severity issue`}`;
}

/** How users reach each ecosystem's registry, for the announcement. */
export const REGISTRY_NAMES = { pip: "PyPI", npm: "npm", rust: "crates.io", go: "the Go module proxy" } as const;

/** Lines of the audit kept in the status marker and shown in the incident issue. */
export const auditText = {
  planned: (mode: "dry run" | "executing at once" | "awaiting --confirm" | "rollback drill") => `planned (${mode})`,
  confirmed: (resuming: boolean) => `confirmed${resuming ? " (resuming)" : ""}`,
  step: (step: string, status: string, detail: string) => `${step}: ${status} (${detail})`,
} as const;

/** Which kind of audit line a text is, recognised here beside the wording (the post-mortem's timeline singles out plan and confirmation). */
export function auditLineKind(text: string): "planned" | "confirmed" | "other" {
  if (text.startsWith("planned (")) return "planned";
  if (text === auditText.confirmed(false) || text === auditText.confirmed(true)) return "confirmed";
  return "other";
}
