import { getIssue, updateIssue } from "../../../github/issues.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import type { SagaStep } from "./context.js";
import { incidentBody } from "./incident-body.js";

/** Bring the incident issue up to date: steps ticked, warnings, audit. */
export const incident: SagaStep = async (ctx) => {
  if (ctx.state.incident === undefined) return { status: "skipped", detail: stepDetail.noIncident };
  // A run resumed after `record` succeeded in an earlier delivery has not seen the body yet.
  const current = ctx.incidentBody ?? (await getIssue(ctx.octokit, ctx.repo, ctx.state.incident)).body;
  await updateIssue(ctx.octokit, ctx.repo, ctx.state.incident, { body: await incidentBody(ctx, current) });
  return { status: "done", detail: stepDetail.incidentTracks(ctx.state.incident) };
};
