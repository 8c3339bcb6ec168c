import { getReleaseByTag } from "../../../github/releases.js";
import { readSection } from "../../../markers/sections.js";
import { renderRecord } from "../../../messages/rollback-issues.js";
import { composeIncidentBody, refreshIncidentBody } from "../../../rollback/incident-body.js";
import { registryMessage, renderRegistrySection } from "../../../messages/response.js";
import { INCIDENT_MARKER } from "../../../rollback/marker-kinds.js";
import { registrySteps } from "../../../rollback/registry-steps.js";
import { readIncidentRecord } from "../../../rollback/resolution.js";
import type { StepContext } from "./context.js";

/**
 * The incident body: composed when the issue is opened; afterwards from `existingBody` (read
 * right before writing), changing only Anvil's marker and sections. The record is written once,
 * while the release still exists, and carried over verbatim after.
 */
export async function incidentBody(ctx: StepContext, existingBody?: string): Promise<string> {
  const { plan } = ctx.state;
  let record = existingBody === undefined ? undefined : readSection(existingBody, "record");
  if (record === undefined) {
    const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
    record = renderRecord(plan, release && release.id === plan.releaseId ? release : undefined);
  }
  const manifest = await ctx.manifest();
  const steps = registrySteps({
    ecosystem: ctx.config.rollback.advisory.ecosystem ?? manifest?.ecosystem,
    packageName: ctx.config.rollback.advisory.package ?? manifest?.name,
    tag: plan.tag,
    message: registryMessage(plan.tag, plan.good?.tag),
    security: plan.advisory,
  });
  const previous = existingBody === undefined ? undefined : readIncidentRecord(ctx.markers.find(existingBody, INCIDENT_MARKER));
  const extra = {
    registrySection: renderRegistrySection(steps, plan.tag),
    ...(ctx.statusComment ? { statusComment: ctx.statusComment } : {}),
    ...(previous ? { previous } : {}),
  };
  return existingBody === undefined ? composeIncidentBody(ctx.markers, ctx.state, record, extra) : refreshIncidentBody(ctx.markers, existingBody, ctx.state, record, extra);
}
