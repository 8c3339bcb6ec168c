import type { Logger } from "probot";
import type { AnvilConfig } from "../../config/schema.js";
import { updateAdvisory, type AdvisorySnapshot } from "../../github/advisories.js";
import type { AppIdentity } from "../../github/app-identity.js";
import { commentOnIssue, getComment, getIssue, listOwnComments, removeLabel, updateComment, updateIssue } from "../../github/issues.js";
import { listPinnedIssues, unpinIssue } from "../../github/pins.js";
import { getRelease, updateRelease } from "../../github/releases.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import { writeSection } from "../../markers/sections.js";
import { withReleaseNotice, writeSectionOnTop } from "../../rollback/release-notice.js";
import { renderCautionBanner, renderKnownIssueNote } from "../../messages/response.js";
import { describeResolutionAction, renderResolutionComment, renderResolvedSection, renderStatusResolutionLine, tickEvidence, RESOLUTION_DETAIL } from "../../messages/resolution.js";
import { installInstructions } from "../../rollback/manifest.js";
import {
  claimedActions,
  earnedTicks,
  INCIDENT_RECORD_MARKER,
  openItems,
  readIncidentRecord,
  recordAction,
  RESOLUTION_COMMENT_MARKER,
  RESOLUTION_SECTION,
  tickItems,
  type IncidentRecord,
  type ResolutionAction,
  type ResolutionPlan,
} from "../../rollback/resolution.js";
import { bareVersion, sameVersion } from "../../versions/versions.js";
import { REACH_RESOLUTION_ACTIONS } from "../reach/resolution-actions.js";
import { findAnvilAdvisory } from "../rollback/find-advisory.js";
import { findManifest } from "../rollback/find-manifest.js";

export interface ResolutionContext {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  markers: MarkerCodec;
  log: Logger;
  /** Who resolved by command (absent for a release event). */
  actor?: string;
  now: () => Date;
  /** The deployment's direct notification webhook (ANVIL_NOTIFY_URL, parsed at start-up); undefined when not configured. */
  notifyUrl?: string;
}

type ActionResult = { status: "done" | "skipped"; detail: string };

async function upgradeCommand(ctx: ResolutionContext, fixedTag: string): Promise<string | undefined> {
  const configured = ctx.config.rollback.pinInstructions;
  // The manifest the plan would choose (find-manifest.ts), which by now holds the fixed version.
  const manifest = configured ? undefined : await findManifest(ctx, fixedTag);
  if (!configured && !manifest?.name) return undefined;
  return installInstructions(ctx.config.rollback, manifest, fixedTag);
}

/**
 * Anvil's advisory for the incident's tag (see shell/rollback/find-advisory.ts), listed at most
 * once per run: patching and publishing both need it, and patching does not change its state.
 */
const advisoryLookups = new WeakMap<ResolutionPlan, Promise<AdvisorySnapshot | undefined>>();
function anvilAdvisory(ctx: ResolutionContext, plan: ResolutionPlan): Promise<AdvisorySnapshot | undefined> {
  let lookup = advisoryLookups.get(plan);
  if (!lookup) advisoryLookups.set(plan, (lookup = findAnvilAdvisory(ctx, plan.incident.record.tag)));
  return lookup;
}

const ACTIONS: Record<ResolutionAction, (ctx: ResolutionContext, plan: ResolutionPlan) => Promise<ActionResult>> = {
  async "announce-resolution"(ctx, plan) {
    const number = plan.incident.record.announcement?.number;
    if (number === undefined) return { status: "skipped", detail: RESOLUTION_DETAIL.noAnnouncement };
    const announcement = await getIssue(ctx.octokit, ctx.repo, number);
    const command = await upgradeCommand(ctx, plan.fixedTag);
    const section = renderResolvedSection({ revokedTag: plan.incident.record.tag, fixedTag: plan.fixedTag, ...(plan.fixedUrl ? { fixedUrl: plan.fixedUrl } : {}), ...(command ? { upgradeCommand: command } : {}) });
    const body = writeSectionOnTop(announcement.body, RESOLUTION_SECTION, section);
    if (body !== announcement.body) await updateIssue(ctx.octokit, ctx.repo, number, { body });
    return { status: "done", detail: RESOLUTION_DETAIL.announcementUpdated(number) };
  },

  async "unpin-announcement"(ctx, plan) {
    const number = plan.incident.record.announcement?.number;
    if (number === undefined) return { status: "skipped", detail: RESOLUTION_DETAIL.noAnnouncement };
    const pinned = (await listPinnedIssues(ctx.octokit, ctx.repo)).find((issue) => issue.number === number);
    if (!pinned) return { status: "done", detail: RESOLUTION_DETAIL.notPinned(number) };
    await unpinIssue(ctx.octokit, pinned.id);
    return { status: "done", detail: RESOLUTION_DETAIL.unpinned(number) };
  },

  async "close-announcement"(ctx, plan) {
    const number = plan.incident.record.announcement?.number;
    if (number === undefined) return { status: "skipped", detail: RESOLUTION_DETAIL.noAnnouncement };
    await updateIssue(ctx.octokit, ctx.repo, number, { state: "closed", state_reason: "completed" });
    return { status: "done", detail: RESOLUTION_DETAIL.closed(number) };
  },

  async "fixed-banner"(ctx, plan) {
    const { record } = plan.incident;
    if (record.releaseId === undefined) return { status: "skipped", detail: RESOLUTION_DETAIL.noKeptRelease };
    const release = await getRelease(ctx.octokit, ctx.repo, record.releaseId);
    if (!release || !sameVersion(release.tag, record.tag)) return { status: "skipped", detail: RESOLUTION_DETAIL.releaseGone(record.tag) };
    const fixed = { tag: plan.fixedTag, ...(plan.fixedUrl ? { url: plan.fixedUrl } : {}) };
    const announcement = record.announcement?.number;
    const notice =
      record.releaseNotes === "known-issue"
        ? renderKnownIssueNote({ reason: null, ...(announcement ? { announcement } : { incident: plan.incident.issue }), fixed })
        : renderCautionBanner({ tag: record.tag, good: undefined, ...(announcement ? { announcement } : {}), fixed });
    const body = withReleaseNotice(release.body, notice);
    if (body !== release.body) await updateRelease(ctx.octokit, ctx.repo, release.id, { body });
    return { status: "done", detail: RESOLUTION_DETAIL.notesSayFixed(record.tag, plan.fixedTag) };
  },

  async "patch-advisory"(ctx, plan) {
    const advisory = await anvilAdvisory(ctx, plan);
    if (!advisory) return { status: "skipped", detail: RESOLUTION_DETAIL.noDraftAdvisory };
    const patched = bareVersion(plan.fixedTag);
    if (advisory.vulnerabilities.every((entry) => entry.patched_versions === patched)) return { status: "done", detail: RESOLUTION_DETAIL.patchedAlready };
    // Only entries nobody has patched yet: a version a maintainer set by hand stays.
    const vulnerabilities = advisory.vulnerabilities.map((entry) => (entry.patched_versions ? entry : { ...entry, patched_versions: patched }));
    await updateAdvisory(ctx.octokit, ctx.repo, advisory.ghsaId, { vulnerabilities });
    return { status: "done", detail: RESOLUTION_DETAIL.patched(patched) };
  },

  async "publish-advisory"(ctx, plan) {
    const advisory = await anvilAdvisory(ctx, plan);
    if (!advisory) return { status: "skipped", detail: RESOLUTION_DETAIL.noAdvisory };
    if (advisory.state === "published") return { status: "done", detail: RESOLUTION_DETAIL.alreadyPublished };
    await updateAdvisory(ctx.octokit, ctx.repo, advisory.ghsaId, { state: "published" });
    return { status: "done", detail: RESOLUTION_DETAIL.published };
  },

  // tick-incident edits the incident body: done together with recording it (see runResolution).
  async "tick-incident"() {
    return { status: "done", detail: RESOLUTION_DETAIL.ticked };
  },

  async "comment-remaining"(ctx, plan) {
    const { issue, record } = plan.incident;
    const existing = await listOwnComments(ctx.octokit, ctx.repo, issue, ctx.identity.botLogin);
    if (existing.some((comment) => ctx.markers.find(comment.body, RESOLUTION_COMMENT_MARKER)?.fixedTag === plan.fixedTag)) return { status: "done", detail: RESOLUTION_DETAIL.commentAlreadyPosted };
    const current = await getIssue(ctx.octokit, ctx.repo, issue);
    const context = { ...(record.announcement ? { announcement: record.announcement.number } : {}), fixedTag: plan.fixedTag, revokedTag: record.tag };
    const onFile = readIncidentRecord(ctx.markers.find(current.body, INCIDENT_RECORD_MARKER));
    const done = claimedActions(plan.actions, onFile).map((action) => describeResolutionAction(action, context)).filter((line): line is string => line !== undefined);
    const body = renderResolutionComment({ revokedTag: record.tag, fixedTag: plan.fixedTag, ...(plan.fixedUrl ? { fixedUrl: plan.fixedUrl } : {}), by: plan.by, ...(ctx.actor ? { actor: ctx.actor } : {}), done, left: openItems(current.body) });
    await commentOnIssue(ctx.octokit, ctx.repo, issue, `${ctx.markers.encode(RESOLUTION_COMMENT_MARKER, { tag: record.tag, fixedTag: plan.fixedTag })}\n${body}`);
    return { status: "done", detail: RESOLUTION_DETAIL.leftListed };
  },

  async "clear-overdue"(ctx, plan) {
    await removeLabel(ctx.octokit, ctx.repo, plan.incident.issue, ctx.config.labels.overdue);
    return { status: "done", detail: RESOLUTION_DETAIL.overdueRemoved };
  },

  async "link-status"(ctx, plan) {
    const status = plan.incident.record.status;
    if (!status) return { status: "skipped", detail: RESOLUTION_DETAIL.noStatusComment };
    const comment = await getComment(ctx.octokit, ctx.repo, status.comment);
    if (!comment) return { status: "skipped", detail: RESOLUTION_DETAIL.statusCommentGone };
    const body = writeSection(comment.body, RESOLUTION_SECTION, renderStatusResolutionLine({ fixedTag: plan.fixedTag, ...(plan.fixedUrl ? { fixedUrl: plan.fixedUrl } : {}), incident: plan.incident.issue }));
    if (body !== comment.body) await updateComment(ctx.octokit, ctx.repo, status.comment, body);
    return { status: "done", detail: RESOLUTION_DETAIL.statusLinked };
  },

  // Issue 12: README banner, post-mortem, notifications (shell/reach/).
  ...REACH_RESOLUTION_ACTIONS,
};

/**
 * Record `action` as done in the incident's marker, re-reading the body right before writing so
 * a human's edit made meanwhile survives. Ticking happens here too: one write for both. Returns
 * the record as written, or undefined when the marker no longer verifies (then nothing is written).
 */
async function record(ctx: ResolutionContext, plan: ResolutionPlan, action: ResolutionAction, status: ActionResult["status"]): Promise<IncidentRecord | undefined> {
  const current = await getIssue(ctx.octokit, ctx.repo, plan.incident.issue);
  const onFile = readIncidentRecord(ctx.markers.find(current.body, INCIDENT_RECORD_MARKER));
  if (!onFile) return undefined;
  const next = recordAction(onFile, plan, action, { at: ctx.now().toISOString(), ...(ctx.actor ? { actor: ctx.actor } : {}) }, status);
  let body = ctx.markers.upsert(current.body, INCIDENT_RECORD_MARKER, next as unknown as Record<string, unknown>);
  if (action === "tick-incident") body = tickItems(body, tickEvidence(earnedTicks(plan.ticks, next)));
  if (body !== current.body) await updateIssue(ctx.octokit, ctx.repo, plan.incident.issue, { body });
  return next;
}

/**
 * Run the pending actions of a resolution in order. Each is recorded once done (the first one
 * records the fix, so a later release can never resolve the incident again), so a redelivery
 * resumes after the last one. The first failure stops the run (the next event or
 * command for the repository resumes it).
 */
export async function runResolution(ctx: ResolutionContext, plan: ResolutionPlan): Promise<void> {
  const log = ctx.log.child({ incident: plan.incident.issue, revoked: plan.incident.record.tag, fixed: plan.fixedTag });
  for (const action of plan.pending) {
    const result = await ACTIONS[action](ctx, plan);
    const written = await record(ctx, plan, action, result.status);
    if (!written) {
      log.warn({ action }, "the incident's marker no longer verifies; stopping the resolution");
      return;
    }
    log.info({ action, ...result }, "resolution action finished");
  }
}
