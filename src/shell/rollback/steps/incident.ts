import { getIssue, updateIssue } from "../../../github/issues.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import type { SagaStep } from "./context.js";
import { incidentBody } from "./incident-body.js";

/** Bring Anvil's parts of the incident issue up to date (steps ticked, warnings, audit); the rest is the humans'. */
export const incident: SagaStep = async (ctx) => {
  if (ctx.state.incident === undefined) return { status: "skipped", detail: stepDetail.noIncident };
  // Re-read right before writing: a human may have ticked or written something since `record`.
  const current = (await getIssue(ctx.octokit, ctx.repo, ctx.state.incident)).body;
  await updateIssue(ctx.octokit, ctx.repo, ctx.state.incident, { body: await incidentBody(ctx, current) });
  return { status: "done", detail: stepDetail.incidentTracks(ctx.state.incident) };
};
