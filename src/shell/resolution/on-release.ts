import type { IssueSnapshot } from "../../github/issues.js";
import { resolutionsForRelease, type PublishedRelease } from "../../rollback/resolution.js";
import { flagOverdueIncidents } from "./check-overdue.js";
import { incidentsIn } from "./find-incidents.js";
import { runResolution, type ResolutionContext } from "./run-resolution.js";
import { reachResolutionConfig } from "../reach/resolution-actions.js";

/**
 * A release was published: resolve the incidents it fixes, then flag the ones still overdue.
 * `issues` are Anvil's issues the release handler listed anyway (incidents among them), so a
 * release with no incident around costs no request here.
 */
export async function closeTheLoopOnRelease(ctx: ResolutionContext, release: PublishedRelease, issues: readonly IssueSnapshot[]): Promise<void> {
  const incidents = incidentsIn(issues, ctx.markers);
  if (incidents.length === 0) return;
  const plans = resolutionsForRelease(release, incidents, { announcement: ctx.config.rollback.resolution.announcement, publishAdvisory: ctx.config.rollback.advisory.publishOnResolution, reach: reachResolutionConfig(ctx.config) });
  for (const plan of plans) {
    ctx.log.info({ incident: plan.incident.issue, revoked: plan.incident.record.tag, fixed: plan.fixedTag, pending: plan.pending }, "resolving incident");
    await runResolution(ctx, plan);
  }
  const resolved = new Set(plans.map((plan) => plan.incident.issue));
  await flagOverdueIncidents(ctx, incidents.filter((incident) => !resolved.has(incident.issue)));
}
