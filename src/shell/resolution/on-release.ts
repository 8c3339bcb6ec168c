import type { RepositoryEvent } from "../../runtime/repository-handler.js";
import { resolutionConfig, resolutionsForRelease, type PublishedRelease } from "../../rollback/resolution.js";
import { flagOverdueIncidents } from "./check-overdue.js";
import { findIncidents } from "./find-incidents.js";
import { runResolution, type ResolutionContext } from "./run-resolution.js";

/**
 * A release became a full release (published as one, or a pre-release promoted): resolve the
 * incidents it fixes, then flag the ones still overdue. Every page of incidents is read, so an
 * old unresolved one is not missed behind newer issues. A draft or a pre-release costs nothing.
 */
export async function closeTheLoopOnRelease(ctx: ResolutionContext, release: PublishedRelease): Promise<void> {
  if (release.draft || release.prerelease) return;
  const incidents = await findIncidents(ctx.octokit, ctx.repo, ctx.identity, ctx.markers, ctx.config.labels.incident);
  if (incidents.length === 0) return;
  const plans = resolutionsForRelease(release, incidents, resolutionConfig(ctx.config, ctx.notifyUrl !== undefined));
  for (const plan of plans) {
    ctx.log.info({ incident: plan.incident.issue, revoked: plan.incident.record.tag, fixed: plan.fixedTag, pending: plan.pending }, "resolving incident");
    await runResolution(ctx, plan);
  }
  const resolved = new Set(plans.map((plan) => plan.incident.issue));
  await flagOverdueIncidents(ctx, incidents.filter((incident) => !resolved.has(incident.issue)));
}

/**
 * `release.published` and `release.released` both land here: GitHub sends both for a full release,
 * in either order, and only `released` for a promoted pre-release. Whichever comes first resolves;
 * the other finds the incidents' signed records resolved and writes nothing.
 */
export async function resolveOnReleaseEvent(event: RepositoryEvent<"release.published" | "release.released">, notifyUrl?: string): Promise<void> {
  const { context, octokit, repo, config, identity, markers } = event;
  const { release } = context.payload;
  const fix = { tag: release.tag_name, htmlUrl: release.html_url, draft: release.draft, prerelease: release.prerelease };
  await closeTheLoopOnRelease({ octokit, repo, config, identity, markers, log: context.log, now: () => new Date(), ...(notifyUrl !== undefined ? { notifyUrl } : {}) }, fix);
}
