import { deleteRelease as deleteReleaseById } from "../../../github/releases.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import type { SagaStep } from "./context.js";

/** Delete the planned release, by the id the plan showed (never looked up again by tag). */
export const deleteRelease: SagaStep = async (ctx) => {
  const result = await deleteReleaseById(ctx.octokit, ctx.repo, ctx.state.plan.releaseId);
  return { status: "done", detail: stepDetail.releaseDeleted(result) };
};
