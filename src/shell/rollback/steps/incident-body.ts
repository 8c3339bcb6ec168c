import { getReleaseByTag } from "../../../github/releases.js";
import { readSection } from "../../../markers/sections.js";
import { renderRecord } from "../../../messages/rollback-issues.js";
import { composeIncidentBody } from "../../../rollback/incident-body.js";
import type { StepContext } from "./context.js";

/** The incident body; the record is written once, while the release still exists, and carried over verbatim after. */
export async function incidentBody(ctx: StepContext, existingBody?: string): Promise<string> {
  const { plan } = ctx.state;
  let record = existingBody === undefined ? undefined : readSection(existingBody, "record");
  if (record === undefined) {
    const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
    record = renderRecord(plan, release && release.id === plan.releaseId ? release : undefined);
  }
  return composeIncidentBody(ctx.markers, ctx.state, record);
}
