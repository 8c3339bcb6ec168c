import semver from "semver";
import { z } from "zod";
import { parseTaskList } from "../checklists/parse-task-list.js";
import { severityNames, type AnvilConfig, type Severity } from "../config/schema.js";
import { shouldNotify } from "./notifications.js";
import { versionOf } from "../versions/versions.js";
import { INCIDENT_MARKER } from "./marker-kinds.js";
import { ANNOUNCEMENTS, RELEASE_NOTES_CHANGES, REVOCATIONS, type RollbackResponse } from "./response.js";

/**
 * Resolution: when the fix ships, close the loop of a rollback once. Pure planning over facts the
 * shell read (the published release, Anvil's incidents from their signed markers); the shell runs
 * the pending actions and records each in the incident's marker, so a redelivered, duplicated or
 * late event does nothing twice and never moves an incident backwards.
 */

export const RESOLUTION_ACTIONS = [
  /** Add a "Resolved in vX.Y.Z" section, with upgrade instructions, to the announcement. */
  "announce-resolution",
  "unpin-announcement",
  "close-announcement",
  /** The kept release's banner or known-issue note says "fixed in vX.Y.Z". */
  "fixed-banner",
  /** The draft advisory gets `vulnerabilities[].patched_versions`. */
  "patch-advisory",
  /** Only with `rollback.advisory.publishOnResolution: true`: publishing needs human judgement. */
  "publish-advisory",
  /** Tick the incident items Anvil can show are done, with the evidence. */
  "tick-incident",
  /** One comment on the incident listing what is left for humans. */
  "comment-remaining",
  /** The overdue label goes once the incident is resolved. */
  "clear-overdue",
  /** The rollback's status comment links the resolution. */
  "link-status",
  /** Issue 12: close the README banner pull request, or open one removing the banner if it was merged. */
  "retire-banner",
  /** Issue 12: the post-mortem scaffold as a pull request, once per incident. */
  "post-mortem",
  /** Issue 12: the `anvil-resolved` repository_dispatch and the deployment's webhook. */
  "notify-resolved",
] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/**
 * The incident's signed marker (kind `rollback-incident`). It never holds the draft advisory's
 * id: drafts are private and the incident issue is public; the shell finds the advisory by tag.
 */
export const incidentRecordSchema = z.object({
  tag: z.string(),
  severity: z.enum(severityNames),
  revocation: z.enum(REVOCATIONS),
  releaseNotes: z.enum(RELEASE_NOTES_CHANGES),
  announcement: z.object({ number: z.number().int(), kind: z.enum(ANNOUNCEMENTS) }).optional(),
  /** Whether a draft advisory was opened for this rollback. */
  advisory: z.boolean(),
  /** The kept release (revoked in place or annotated), for the "fixed in" banner. */
  releaseId: z.number().int().optional(),
  /** The rollback's status comment. */
  status: z.object({ issue: z.number().int(), comment: z.number().int() }).optional(),
  createdAt: z.string(),
  /** When the severity's response time runs out; null when the severity sets none. */
  deadline: z.string().nullable(),
  overdueFlaggedAt: z.string().optional(),
  resolution: z
    .object({
      fixedTag: z.string(),
      fixedUrl: z.string().optional(),
      by: z.enum(["release", "command"]),
      actor: z.string().optional(),
      at: z.string(),
      done: z.array(z.enum(RESOLUTION_ACTIONS)),
      /** Done actions that found nothing to do (no advisory, no announcement): their ticks and lines are not claimed. */
      skipped: z.array(z.enum(RESOLUTION_ACTIONS)).optional(),
    })
    .optional(),
});
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

/** An incident issue and its verified marker. */
export interface IncidentOnFile {
  issue: number;
  record: IncidentRecord;
}

export interface PublishedRelease {
  tag: string;
  htmlUrl: string;
  draft: boolean;
  prerelease: boolean;
}

export interface ResolutionConfig {
  /** What happens to the announcement: `close` (unpin and close), `unpin` (stays open), `keep` (stays pinned). */
  announcement: "close" | "unpin" | "keep";
  /** `rollback.advisory.publishOnResolution`. */
  publishAdvisory: boolean;
  /** Issue 12: README banner, post-mortem and notifications (absent: none of them). */
  reach?: { readmeBanner: boolean; postMortem: boolean; notifySeverities: readonly Severity[]; notifyChannel: boolean };
}

export const defaultResolutionConfig: ResolutionConfig = { announcement: "close", publishAdvisory: false };

/** The resolution's settings from the repository's configuration; `notifyWebhook`: the app has a notification webhook. */
export function resolutionConfig(config: AnvilConfig, notifyWebhook: boolean): ResolutionConfig {
  return {
    announcement: config.rollback.resolution.announcement,
    publishAdvisory: config.rollback.advisory.publishOnResolution,
    reach: {
      readmeBanner: config.readmeBanner.enabled,
      postMortem: config.postMortem.enabled,
      notifySeverities: config.notifications.severities,
      notifyChannel: config.notifications.dispatch || notifyWebhook,
    },
  };
}

/** Items of the incident checklist Anvil can show are done, with what shows it. */
export type IncidentTick =
  | { item: "hotfix-released"; tag: string; url?: string }
  | { item: "announcement-updated"; announcement: number }
  | { item: "advisory-patched"; tag: string }
  | { item: "advisory-published" };

export interface ResolutionPlan {
  incident: IncidentOnFile;
  fixedTag: string;
  fixedUrl?: string;
  by: "release" | "command";
  /** Every action of this resolution, in order. */
  actions: ResolutionAction[];
  /** The actions not recorded as done yet: what the shell runs. */
  pending: ResolutionAction[];
  ticks: IncidentTick[];
}

function actionsFor(record: IncidentRecord, config: ResolutionConfig, hasStatus: boolean): ResolutionAction[] {
  const actions: ResolutionAction[] = [];
  if (record.announcement) {
    actions.push("announce-resolution");
    if (record.announcement.kind === "pinned" && config.announcement !== "keep") actions.push("unpin-announcement");
    if (config.announcement === "close") actions.push("close-announcement");
  }
  if (record.revocation !== "delete" && record.releaseNotes !== "none" && record.releaseId !== undefined) actions.push("fixed-banner");
  if (record.advisory) {
    actions.push("patch-advisory");
    if (config.publishAdvisory) actions.push("publish-advisory");
  }
  actions.push("tick-incident", "comment-remaining");
  if (record.overdueFlaggedAt) actions.push("clear-overdue");
  if (hasStatus) actions.push("link-status");
  const reach = config.reach;
  if (reach?.readmeBanner && record.announcement?.kind === "pinned") actions.push("retire-banner");
  // The post-mortem's timeline comes from the status comment's audit.
  if (reach?.postMortem && hasStatus) actions.push("post-mortem");
  if (reach?.notifyChannel && shouldNotify("resolved", record.severity, reach.notifySeverities)) actions.push("notify-resolved");
  return actions;
}

function ticksFor(record: IncidentRecord, actions: readonly ResolutionAction[], fixedTag: string, fixedUrl: string | undefined): IncidentTick[] {
  const ticks: IncidentTick[] = [];
  if (fixedUrl !== undefined) ticks.push({ item: "hotfix-released", tag: fixedTag, url: fixedUrl });
  if (record.announcement && actions.includes("announce-resolution")) ticks.push({ item: "announcement-updated", announcement: record.announcement.number });
  if (actions.includes("patch-advisory")) ticks.push({ item: "advisory-patched", tag: fixedTag });
  if (actions.includes("publish-advisory")) ticks.push({ item: "advisory-published" });
  return ticks;
}

function plan(incident: IncidentOnFile, fix: { tag: string; url?: string; by: "release" | "command" }, config: ResolutionConfig): ResolutionPlan {
  const { record } = incident;
  // Resuming: the actions were fixed when the resolution started; config changes since do not add new ones.
  const actions = actionsFor(record, config, record.status !== undefined);
  const done = new Set(record.resolution?.done ?? []);
  return {
    incident,
    fixedTag: fix.tag,
    ...(fix.url !== undefined ? { fixedUrl: fix.url } : {}),
    by: fix.by,
    actions,
    pending: actions.filter((action) => !done.has(action)),
    ticks: ticksFor(record, actions, fix.tag, fix.url),
  };
}

/**
 * The incidents a published release resolves: a published (not draft, not pre-release) release
 * whose version is strictly greater than the revoked one (and no semver pre-release). One release may resolve several
 * incidents. An incident already resolved by another release stays as it is (never backwards);
 * one resolved by this very release but not finished resumes with what is left.
 */
export function resolutionsForRelease(release: PublishedRelease, incidents: readonly IncidentOnFile[], config: ResolutionConfig): ResolutionPlan[] {
  if (release.draft || release.prerelease) return [];
  const fixed = versionOf(release.tag);
  // A pre-release version (`v0.1.1-rc.1`) published as a full release is still no fix to announce.
  if (fixed === null || semver.prerelease(fixed) !== null) return [];
  const plans: ResolutionPlan[] = [];
  for (const incident of incidents) {
    const revoked = versionOf(incident.record.tag);
    if (revoked === null || !semver.gt(fixed, revoked)) continue;
    const resolution = incident.record.resolution;
    if (resolution && versionOf(resolution.fixedTag) !== fixed) continue;
    const next = plan(incident, { tag: release.tag, url: release.htmlUrl, by: resolution?.by ?? "release" }, config);
    if (next.pending.length > 0) plans.push(next);
  }
  return plans;
}

export type CommandResolution =
  | { kind: "resolve"; plan: ResolutionPlan }
  | { kind: "nothing-left"; incident: IncidentOnFile }
  | { kind: "refuse"; reason: "no-incident" | "already-resolved" | "same-version" | "not-a-version"; resolvedBy?: string };

/**
 * `/rollback v0.1.0 --resolved-by v0.1.1`: resolve by hand when the fix does not come as a higher
 * release (a backport, a fix released under another name). `fixRelease` is the fix's published
 * release when there is one (its link is the evidence).
 */
export function resolutionByCommand(input: {
  revokedTag: string;
  fixedTag: string;
  fixRelease?: { tag: string; htmlUrl: string };
  incidents: readonly IncidentOnFile[];
  config: ResolutionConfig;
}): CommandResolution {
  const revoked = versionOf(input.revokedTag);
  const fixed = versionOf(input.fixedTag);
  if (revoked === null || fixed === null) return { kind: "refuse", reason: "not-a-version" };
  if (semver.eq(revoked, fixed)) return { kind: "refuse", reason: "same-version" };
  // The newest incident for that version: a version revoked twice (re-released, revoked again) resolves the open one.
  const incident = input.incidents
    .filter((candidate) => versionOf(candidate.record.tag) === revoked)
    .sort((a, b) => Number(a.record.resolution !== undefined) - Number(b.record.resolution !== undefined) || b.issue - a.issue)[0];
  if (!incident) return { kind: "refuse", reason: "no-incident" };
  const resolution = incident.record.resolution;
  if (resolution && versionOf(resolution.fixedTag) !== fixed) return { kind: "refuse", reason: "already-resolved", resolvedBy: resolution.fixedTag };
  const fixTag = resolution?.fixedTag ?? input.fixRelease?.tag ?? input.fixedTag;
  const url = input.fixRelease?.htmlUrl ?? resolution?.fixedUrl;
  const next = plan(incident, { tag: fixTag, ...(url !== undefined ? { url } : {}), by: resolution?.by ?? "command" }, input.config);
  return next.pending.length > 0 ? { kind: "resolve", plan: next } : { kind: "nothing-left", incident };
}

/**
 * The marker's `resolution` after `action` finished: what makes a resolution resumable and
 * idempotent. A `skipped` action (it found nothing to act on) counts as done, and is remembered
 * as skipped so that nothing claims it happened (see `earnedTicks`, `claimedActions`).
 */
export function recordAction(
  record: IncidentRecord,
  plan: Pick<ResolutionPlan, "fixedTag" | "fixedUrl" | "by">,
  action: ResolutionAction,
  context: { at: string; actor?: string },
  status: "done" | "skipped" = "done",
): IncidentRecord {
  const current = record.resolution ?? {
    fixedTag: plan.fixedTag,
    ...(plan.fixedUrl !== undefined ? { fixedUrl: plan.fixedUrl } : {}),
    by: plan.by,
    ...(context.actor !== undefined ? { actor: context.actor } : {}),
    at: context.at,
    done: [],
  };
  if (current.done.includes(action)) return { ...record, resolution: current };
  const done = RESOLUTION_ACTIONS.filter((known) => known === action || current.done.includes(known));
  const skipped = RESOLUTION_ACTIONS.filter((known) => (known === action && status === "skipped") || (current.skipped ?? []).includes(known));
  return { ...record, resolution: { ...current, done, ...(skipped.length > 0 ? { skipped } : {}) } };
}

/** The action whose success a tick claims (the hotfix's release is the event itself). */
const TICK_ACTION: Record<IncidentTick["item"], ResolutionAction | undefined> = {
  "hotfix-released": undefined,
  "announcement-updated": "announce-resolution",
  "advisory-patched": "patch-advisory",
  "advisory-published": "publish-advisory",
};

/** The ticks a resolution has earned: none whose action found nothing to do. */
export function earnedTicks(ticks: readonly IncidentTick[], record: IncidentRecord | undefined): IncidentTick[] {
  const skipped = new Set(record?.resolution?.skipped ?? []);
  return ticks.filter((tick) => {
    const action = TICK_ACTION[tick.item];
    return action === undefined || !skipped.has(action);
  });
}

/** The actions of a resolution that did something, for the resolution comment. */
export function claimedActions(actions: readonly ResolutionAction[], record: IncidentRecord | undefined): ResolutionAction[] {
  const skipped = new Set(record?.resolution?.skipped ?? []);
  return actions.filter((action) => !skipped.has(action));
}

/**
 * Incidents to flag overdue now: past their deadline, unresolved, not flagged before. Any event
 * for the repository may trigger the check; each incident is flagged once (one comment, one label).
 */
export function overdueIncidents(incidents: readonly IncidentOnFile[], now: Date): IncidentOnFile[] {
  return incidents.filter(({ record }) => record.deadline !== null && record.resolution === undefined && record.overdueFlaggedAt === undefined && now.getTime() > Date.parse(record.deadline));
}

/**
 * Tick checklist items by their exact text, appending the evidence; never unticks, never touches
 * a ticked item or any other line. `items` maps an item's text to its evidence (Markdown).
 * Returns the body unchanged when nothing matched.
 */
export function tickItems(body: string, items: ReadonlyMap<string, string>): string {
  const lines = body.split("\n");
  for (const task of parseTaskList(body)) {
    if (task.checked) continue;
    const evidence = items.get(task.text);
    if (evidence === undefined) continue;
    const index = task.line - 1;
    const line = lines[index];
    if (line === undefined) continue;
    const ticked = line.replace(/^(\s*(?:[-*+]|\d+[.)])\s+)\[ \]/, "$1[x]");
    if (ticked !== line) lines[index] = `${ticked} — ${evidence}`;
  }
  return lines.join("\n");
}

/** The checklist items still open, in order: what the "what is left" comment lists. */
export function openItems(body: string): string[] {
  return parseTaskList(body)
    .filter((task) => !task.checked)
    .map((task) => task.text);
}

/** The incident issue's signed marker kind (written by the rollback's `record`/`incident` steps). */
export const INCIDENT_RECORD_MARKER = INCIDENT_MARKER;
/** The signed marker of the one resolution comment on an incident. */
export const RESOLUTION_COMMENT_MARKER = "resolution-comment";
/** Anvil's section in a kept release's notes: the caution banner or the known-issue note. */
export const RELEASE_NOTICE_SECTION = "release-notice";
/** Anvil's section in the announcement and in the status comment once resolved. */
export const RESOLUTION_SECTION = "resolution";

/** The verified incident record in an issue body, or undefined (absent, forged, or written by an older Anvil). */
export function readIncidentRecord(data: Record<string, unknown> | undefined): IncidentRecord | undefined {
  const parsed = incidentRecordSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The incident record a rollback writes into its incident issue's marker. What an earlier run of
 * the same rollback recorded (a resolution, an overdue flag) is carried over, never lost.
 */
export function incidentRecordFor(input: {
  tag: string;
  severity: IncidentRecord["severity"];
  response: Pick<RollbackResponse, "revocation" | "releaseNotes" | "announcement" | "advisory">;
  releaseId: number;
  announcement?: number;
  status?: { issue: number; comment: number };
  createdAt: string;
  deadline: string | null;
  previous?: IncidentRecord;
}): IncidentRecord {
  const { response } = input;
  return {
    tag: input.tag,
    severity: input.severity,
    revocation: response.revocation,
    releaseNotes: response.releaseNotes,
    ...(input.announcement !== undefined && response.announcement !== "none" ? { announcement: { number: input.announcement, kind: response.announcement } } : {}),
    advisory: response.advisory === "drafted",
    ...(response.revocation !== "delete" ? { releaseId: input.releaseId } : {}),
    ...(input.status ? { status: input.status } : {}),
    createdAt: input.previous?.createdAt ?? input.createdAt,
    deadline: input.deadline,
    ...(input.previous?.overdueFlaggedAt ? { overdueFlaggedAt: input.previous.overdueFlaggedAt } : {}),
    ...(input.previous?.resolution ? { resolution: input.previous.resolution } : {}),
  };
}
