import { createAdvisoryDraft } from "../../../github/advisories.js";
import { hasStatus } from "../../../github/types.js";
import { renderAdvisoryDescription } from "../../../messages/rollback-issues.js";
import { advisorySummary, stepDetail } from "../../../messages/rollback-steps.js";
import { advisoryMarker } from "../../../rollback/advisory-marker.js";
import { bareVersion } from "../../../versions/versions.js";
import { findAnvilAdvisory } from "../find-advisory.js";
import type { SagaStep } from "./context.js";
import { pinCommand } from "./pin-command.js";

/** Draft a private security advisory for exactly the revoked version. One per tag. */
export const advisory: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const manifest = await ctx.manifest();
  const ecosystem = ctx.config.rollback.advisory.ecosystem ?? manifest?.ecosystem;
  const packageName = ctx.config.rollback.advisory.package ?? manifest?.name;
  if (!ecosystem || !packageName) return { status: "skipped", detail: stepDetail.noPackageKnown };
  try {
    const existing = await findAnvilAdvisory(ctx, plan.tag);
    if (existing) {
      ctx.state.advisory = "drafted";
      return { status: "done", detail: stepDetail.advisoryExists };
    }
    const created = await createAdvisoryDraft(ctx.octokit, ctx.repo, {
      summary: advisorySummary(plan),
      description: renderAdvisoryDescription(plan, await pinCommand(ctx), advisoryMarker(ctx.markers, plan.tag)),
      severity: plan.severity,
      ecosystem,
      packageName,
      vulnerableVersionRange: `= ${bareVersion(plan.tag)}`,
    });
    ctx.log.info({ advisory: created.ghsaId }, "draft advisory opened");
    ctx.state.advisory = "drafted";
    return { status: "done", detail: stepDetail.advisoryDrafted };
  } catch (error) {
    if (hasStatus(error, 403, 404)) return { status: "skipped", detail: stepDetail.advisoriesUnavailable };
    throw error;
  }
};
