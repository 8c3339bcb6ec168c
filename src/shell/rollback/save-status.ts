import { updateComment } from "../../github/issues.js";
import { renderStatusComment, type RollbackState } from "../../rollback/plan.js";
import type { CommandContext } from "./command-context.js";

/** Rewrite the one status comment from the state: its signed marker, then what people read. */
export async function saveStatus(ctx: CommandContext, statusCommentId: number, state: RollbackState): Promise<void> {
  const body = renderStatusComment(ctx.markers, state, { confirmRequired: ctx.config.rollback.confirm, ttlMinutes: ctx.config.rollback.planTtlMinutes });
  await updateComment(ctx.octokit, ctx.repo, statusCommentId, body);
}
