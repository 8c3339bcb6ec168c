import type { Logger } from "probot";
import { renderNewChecklist } from "../checklists/render-checklist.js";
import type { AnvilConfig } from "../config/schema.js";
import { createAdvisoryDraft, listAdvisories } from "../github/advisories.js";
import type { AppIdentity } from "../github/app-identity.js";
import { readRepositoryFile } from "../github/contents.js";
import { deleteTag } from "../github/git-refs.js";
import { createIssue, findOwnIssues, getIssue, updateIssue, type IssueSnapshot } from "../github/issues.js";
import { ensureLabel } from "../github/labels.js";
import { listPinnedIssues, pinIssue, PIN_LIMIT, unpinIssue } from "../github/pins.js";
import { deleteRelease, getReleaseByTag, updateRelease } from "../github/releases.js";
import { hasStatus, type GitHub, type RepoRef } from "../github/types.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readSection, sectionBounds } from "../markers/sections.js";
import {
  announcementTitle,
  incidentTitle,
  renderAdvisoryDescription,
  renderAnnouncement,
  renderIncidentBody,
  renderRecord,
} from "../messages/rollback-issues.js";
import { REVOKED_TITLE_PREFIX } from "./last-known-good.js";
import { defaultPinInstructions, fillPinInstructions, MANIFEST_FILES, parseManifest, type PackageManifest } from "./manifest.js";
import type { RollbackState, StepId } from "./plan.js";
import { bareVersion } from "../versions/versions.js";

export const ANNOUNCEMENT_MARKER = "rollback-announcement";
export const INCIDENT_MARKER = "rollback-incident";

/** What every step may use. Only `execute.ts` builds one, and only when executing for real. */
export interface StepContext {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  state: RollbackState;
  log: Logger;
  markers: MarkerCodec;
  /** Loaded at most once per run, by the first step that needs it. */
  manifest: () => Promise<PackageManifest | undefined>;
  /** Anvil's own issues for this tag (announcement, incident), listed at most once per run. */
  ownIssues: () => Promise<IssueSnapshot[]>;
  /** The incident issue's body as the `record` step found or wrote it, so `incident` need not read it again. */
  incidentBody?: string;
}

export type StepResult = { status: "done" | "skipped"; detail: string };

const REGISTRY_NAMES: Record<PackageManifest["ecosystem"], string> = { pip: "PyPI", npm: "npm", rust: "crates.io", go: "the Go module proxy" };

function forTag(markers: MarkerCodec, kind: string, tag: string) {
  return (issue: IssueSnapshot) => markers.find(issue.body, kind)?.tag === tag;
}

export function loadManifestOnce(octokit: GitHub, repo: RepoRef, config: AnvilConfig): () => Promise<PackageManifest | undefined> {
  let pending: Promise<PackageManifest | undefined> | undefined;
  return () =>
    (pending ??= (async () => {
      const candidates = config.rollback.versionFile ? [config.rollback.versionFile, ...MANIFEST_FILES] : [...MANIFEST_FILES];
      for (const file of candidates) {
        const content = await readRepositoryFile(octokit, repo, file);
        if (content !== undefined) return parseManifest(file, content);
      }
      return undefined;
    })());
}

async function pinCommand(ctx: StepContext): Promise<string | undefined> {
  const good = ctx.state.plan.good;
  if (!good) return undefined;
  const manifest = ctx.config.rollback.pinInstructions ? undefined : await ctx.manifest();
  const template = ctx.config.rollback.pinInstructions ?? defaultPinInstructions(manifest);
  return fillPinInstructions(template, { good: good.tag, ...(ctx.config.rollback.advisory.package ?? manifest?.name ? { packageName: ctx.config.rollback.advisory.package ?? manifest?.name } : {}) });
}

/** The record is written once, while the release still exists, and carried over verbatim after. */
async function incidentBody(ctx: StepContext, existingBody?: string): Promise<string> {
  const { plan } = ctx.state;
  let record = existingBody === undefined ? undefined : readSection(existingBody, "record");
  if (record === undefined) {
    const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
    record = renderRecord(plan, release && release.id === plan.releaseId ? release : undefined);
  }
  record = `${sectionBounds("record").start}\n${record}\n${sectionBounds("record").end}`;
  return `${ctx.markers.encode(INCIDENT_MARKER, { tag: plan.tag })}\n${renderNewChecklist({ markers: ctx.markers, state: { type: "incident", tag: plan.tag }, template: renderIncidentBody(plan, ctx.state, record) })}`;
}

export const STEPS: Record<StepId, (ctx: StepContext) => Promise<StepResult>> = {
  /** Open the incident issue first, holding the record, so nothing is lost if a later step fails. */
  async record(ctx) {
    const existing = (await ctx.ownIssues()).find(forTag(ctx.markers, INCIDENT_MARKER, ctx.state.plan.tag));
    if (existing) {
      ctx.state.incident = existing.number;
      ctx.incidentBody = existing.body;
      return { status: "done", detail: `recorded in #${existing.number}` };
    }
    await ensureLabel(ctx.octokit, ctx.repo, ctx.config.labels.incident, "Release incident tracked by Anvil");
    const body = await incidentBody(ctx);
    const issue = await createIssue(ctx.octokit, ctx.repo, { title: incidentTitle(ctx.state.plan), body, labels: [ctx.config.labels.incident] });
    ctx.state.incident = issue.number;
    ctx.incidentBody = body;
    return { status: "done", detail: `recorded in #${issue.number}` };
  },

  async "delete-release"(ctx) {
    const result = await deleteRelease(ctx.octokit, ctx.repo, ctx.state.plan.releaseId);
    return { status: "done", detail: result === "deleted" ? "release deleted" : "release was already gone" };
  },

  async "revoke-in-place"(ctx) {
    const { plan } = ctx.state;
    const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
    if (release && !release.name.startsWith(REVOKED_TITLE_PREFIX)) {
      const notice = `<!-- anvil:revoked -->\n> [!CAUTION]\n> **This release has been revoked.** ${plan.good ? `Use ${plan.good.tag} instead.` : "Do not use it."}\n\n`;
      await updateRelease(ctx.octokit, ctx.repo, plan.releaseId, { name: `${REVOKED_TITLE_PREFIX} ${release.name}`, body: notice + release.body, make_latest: "false" });
    }
    if (plan.good) await updateRelease(ctx.octokit, ctx.repo, plan.good.id, { make_latest: "true" });
    return { status: "done", detail: `immutable release marked revoked${plan.good ? `; \`${plan.good.tag}\` is now latest` : ""}` };
  },

  async "delete-tag"(ctx) {
    const result = await deleteTag(ctx.octokit, ctx.repo, ctx.state.plan.tag);
    return { status: "done", detail: result === "deleted" ? "tag deleted" : "tag was already gone" };
  },

  async announce(ctx) {
    const { plan } = ctx.state;
    const existing = (await ctx.ownIssues()).find(forTag(ctx.markers, ANNOUNCEMENT_MARKER, plan.tag));
    if (existing) {
      ctx.state.announcement = existing.number;
      ctx.state.announcementNodeId = existing.nodeId;
      return { status: "done", detail: `#${existing.number}` };
    }
    const manifest = await ctx.manifest();
    const body = `${ctx.markers.encode(ANNOUNCEMENT_MARKER, { tag: plan.tag })}\n${renderAnnouncement(plan, await pinCommand(ctx), manifest ? REGISTRY_NAMES[manifest.ecosystem] : undefined)}`;
    await ensureLabel(ctx.octokit, ctx.repo, ctx.config.labels.announcement, "Revoked release announced by Anvil");
    const issue = await createIssue(ctx.octokit, ctx.repo, { title: announcementTitle(plan), body, labels: [ctx.config.labels.announcement] });
    ctx.state.announcement = issue.number;
    ctx.state.announcementNodeId = issue.nodeId;
    return { status: "done", detail: `#${issue.number}` };
  },

  async pin(ctx) {
    const target = ctx.state.announcementNodeId;
    if (!target) return { status: "skipped", detail: "no announcement to pin" };
    const pinned = await listPinnedIssues(ctx.octokit, ctx.repo);
    if (pinned.some((issue) => issue.id === target)) return { status: "done", detail: "already pinned" };
    if (pinned.length >= PIN_LIMIT) {
      const own = (login: string | undefined) => login === ctx.identity.botLogin || login === ctx.identity.slug;
      const older = pinned.find((issue) => own(issue.author) && ctx.markers.find(issue.body, ANNOUNCEMENT_MARKER) !== undefined);
      if (!older) return { status: "skipped", detail: `${PIN_LIMIT} issues are already pinned by people; Anvil never unpins a human's pin. Unpin one and pin #${ctx.state.announcement} by hand` };
      await unpinIssue(ctx.octokit, older.id);
      await pinIssue(ctx.octokit, target);
      return { status: "done", detail: `pinned (unpinned Anvil's older announcement #${older.number} to make room)` };
    }
    await pinIssue(ctx.octokit, target);
    return { status: "done", detail: "pinned" };
  },

  async advisory(ctx) {
    const { plan } = ctx.state;
    const manifest = await ctx.manifest();
    const ecosystem = ctx.config.rollback.advisory.ecosystem ?? manifest?.ecosystem;
    const packageName = ctx.config.rollback.advisory.package ?? manifest?.name;
    if (!ecosystem || !packageName) return { status: "skipped", detail: "no package known: set `rollback.advisory.ecosystem` and `rollback.advisory.package` in `.github/anvil.yml`" };
    try {
      const existing = (await listAdvisories(ctx.octokit, ctx.repo)).find((advisory) => advisory.description.includes(`<!-- anvil:advisory ${plan.tag} -->`));
      if (existing) {
        ctx.state.advisory = existing.ghsaId;
        return { status: "done", detail: `draft ${existing.ghsaId} (private) already exists` };
      }
      const created = await createAdvisoryDraft(ctx.octokit, ctx.repo, {
        summary: `${plan.tag} revoked: ${plan.reason ? plan.reason.slice(0, 80) : `${plan.severity} severity issue`}`,
        description: renderAdvisoryDescription(plan, await pinCommand(ctx)),
        severity: plan.severity,
        ecosystem,
        packageName,
        vulnerableVersionRange: `= ${bareVersion(plan.tag)}`,
      });
      ctx.state.advisory = created.ghsaId;
      return { status: "done", detail: `draft ${created.ghsaId} opened (private until published)` };
    } catch (error) {
      if (hasStatus(error, 403, 404)) return { status: "skipped", detail: "security advisories are unavailable here or the app lacks the `repository_advisories: write` permission" };
      throw error;
    }
  },

  async "retag-check"(ctx) {
    const manifest = await ctx.manifest();
    if (!manifest?.version) return { status: "skipped", detail: "no version file with a version found" };
    const revoked = bareVersion(ctx.state.plan.tag);
    if (manifest.version !== revoked) return { status: "done", detail: `\`${manifest.file}\` holds ${manifest.version}, not the revoked version` };
    const warning = `\`${manifest.file}\` on the default branch still holds version ${revoked}: the next push may re-create tag \`${ctx.state.plan.tag}\` and its release. Bump the version before anything else lands.`;
    if (!ctx.state.warnings.includes(warning)) ctx.state.warnings.push(warning);
    return { status: "done", detail: `⚠️ re-tag hazard: \`${manifest.file}\` still holds ${revoked}` };
  },

  /** Bring the incident issue up to date: steps ticked, warnings, audit. */
  async incident(ctx) {
    if (ctx.state.incident === undefined) return { status: "skipped", detail: "no incident issue" };
    // A run resumed after `record` succeeded in an earlier delivery has not seen the body yet.
    const current = ctx.incidentBody ?? (await getIssue(ctx.octokit, ctx.repo, ctx.state.incident)).body;
    await updateIssue(ctx.octokit, ctx.repo, ctx.state.incident, { body: await incidentBody(ctx, current) });
    return { status: "done", detail: `#${ctx.state.incident} tracks the rest of the procedure` };
  },
};

export function listOwnIssuesOnce(octokit: GitHub, repo: RepoRef, identity: AppIdentity, markers: MarkerCodec, tag: string): () => Promise<IssueSnapshot[]> {
  let pending: Promise<IssueSnapshot[]> | undefined;
  return () => (pending ??= findOwnIssues(octokit, repo, identity.botLogin, (issue) => forTag(markers, ANNOUNCEMENT_MARKER, tag)(issue) || forTag(markers, INCIDENT_MARKER, tag)(issue)));
}
