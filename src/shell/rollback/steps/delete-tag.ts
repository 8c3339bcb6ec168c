import { deleteTag as deleteTagRef } from "../../../github/git-refs.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import type { SagaStep } from "./context.js";

export const deleteTag: SagaStep = async (ctx) => {
  const result = await deleteTagRef(ctx.octokit, ctx.repo, ctx.state.plan.tag);
  return { status: "done", detail: stepDetail.tagDeleted(result) };
};
