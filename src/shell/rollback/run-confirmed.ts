import { describeError } from "../../github/types.js";
import { failureWhat, renderTagMoved } from "../../messages/rollback.js";
import { auditText } from "../../messages/rollback-steps.js";
import type { RollbackState } from "../../rollback/plan.js";
import { checkTag } from "./check-tag.js";
import type { CommandContext } from "./command-context.js";
import { runSaga } from "./run-saga.js";
import { saveStatus } from "./save-status.js";

/**
 * A confirmed plan: check the tag has not moved, record the confirmation in the status comment
 * (phase `running`, before anything changes, so a redelivery after a crash resumes instead of
 * starting over), then run the saga. A failure on the way shows ❌ in the status comment and
 * leaves the rollback resumable with the same `--confirm`.
 */
export async function runConfirmed(ctx: CommandContext, state: RollbackState, statusCommentId: number, options: { checkTag: boolean }): Promise<void> {
  const resuming = Object.keys(state.outcomes).length > 0;
  if (!state.commandCommentIds.includes(ctx.commentId)) state.commandCommentIds.push(ctx.commentId);

  if (options.checkTag) {
    let moved: Awaited<ReturnType<typeof checkTag>>;
    try {
      moved = await checkTag(ctx, state);
    } catch (error) {
      await reportFailure(ctx, state, statusCommentId, failureWhat.checkTag, error);
      return;
    }
    if (moved) {
      state.phase = "aborted";
      delete state.failure;
      state.warnings.push(renderTagMoved(state.plan.tag, moved.movedTo, state.plan.commitSha));
      await saveStatus(ctx, statusCommentId, state);
      await ctx.react("confused");
      return;
    }
  }

  delete state.failure;
  state.audit.push({ at: ctx.now().toISOString(), actor: ctx.actor, text: auditText.confirmed(resuming) });
  state.phase = "running";
  try {
    await saveStatus(ctx, statusCommentId, state);
  } catch (error) {
    await reportFailure(ctx, state, statusCommentId, failureWhat.saveStatus, error);
    return;
  }
  await runSaga(ctx, state, statusCommentId);
}

/**
 * Record a failure outside the steps in the status comment. The phase goes back to what it was
 * (a fresh plan stays a plan, with its deadline), so the same `--confirm` tries again. The
 * command is not recorded as handled: a redelivery of it may try again too.
 */
async function reportFailure(ctx: CommandContext, state: RollbackState, statusCommentId: number, what: string, error: unknown): Promise<void> {
  const detail = describeError(error);
  ctx.log.error({ what, err: detail }, "rollback stopped before its steps");
  state.commandCommentIds = state.commandCommentIds.filter((id) => id !== ctx.commentId);
  if (state.phase === "running") state.phase = Object.keys(state.outcomes).length > 0 ? "failed" : "planned";
  state.failure = { what, detail, at: ctx.now().toISOString() };
  try {
    await saveStatus(ctx, statusCommentId, state);
  } catch (saveError) {
    ctx.log.error({ err: describeError(saveError) }, "could not save the failure in the status comment either");
  }
  await ctx.react("confused");
}
