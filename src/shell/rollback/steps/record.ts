import { createIssue } from "../../../github/issues.js";
import { ensureLabel } from "../../../github/labels.js";
import { incidentTitle } from "../../../messages/rollback-issues.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { INCIDENT_MARKER } from "../../../rollback/marker-kinds.js";
import { isOwnIssueFor, type SagaStep } from "./context.js";
import { incidentBody } from "./incident-body.js";

/** Open the incident issue first, holding the record, so nothing is lost if a later step fails. */
export const record: SagaStep = async (ctx) => {
  const existing = (await ctx.ownIssues()).find(isOwnIssueFor(ctx.markers, INCIDENT_MARKER, ctx.state.plan.tag));
  if (existing) {
    ctx.state.incident = existing.number;
    (ctx.state.links ??= {}).incident = existing.htmlUrl;
    return { status: "done", detail: stepDetail.recorded(existing.number) };
  }
  await ensureLabel(ctx.octokit, ctx.repo, ctx.config.labels.incident, "Release incident tracked by Anvil");
  const body = await incidentBody(ctx);
  const issue = await createIssue(ctx.octokit, ctx.repo, { title: incidentTitle(ctx.state.plan), body, labels: [ctx.config.labels.incident] });
  ctx.state.incident = issue.number;
  (ctx.state.links ??= {}).incident = issue.htmlUrl;
  return { status: "done", detail: stepDetail.recorded(issue.number) };
};
