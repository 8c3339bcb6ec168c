import { renderAlreadyDone, renderTagMoved } from "../../messages/rollback.js";
import { auditText } from "../../messages/rollback-steps.js";
import { decideRollback } from "../../rollback/decide.js";
import type { RollbackRequest } from "../../rollback/parse-command.js";
import type { RollbackState } from "../../rollback/plan.js";
import { authorize } from "./authorize.js";
import { checkTag } from "./check-tag.js";
import type { CommandContext } from "./command-context.js";
import { findOwnState } from "./find-own-state.js";
import { runSaga } from "./run-saga.js";
import { saveStatus } from "./save-status.js";
import { writePlan } from "./write-plan.js";

/**
 * `/rollback <tag> …`: authorize → find own state → decide → (plan | check the tag → run the saga).
 * Each arrow is a module of this folder; `decide` is pure (src/rollback/decide.ts).
 */
export async function runRollback(ctx: CommandContext, request: RollbackRequest): Promise<void> {
  if (!(await authorize(ctx))) return;
  const statuses = await findOwnState(ctx);
  const decision = decideRollback({
    request,
    commandCommentId: ctx.commentId,
    statuses,
    confirmRequired: ctx.config.rollback.confirm,
    ttlMinutes: ctx.config.rollback.planTtlMinutes,
    now: ctx.now(),
  });
  if (decision.kind === "redelivery") {
    ctx.log.info("command already handled (redelivery)");
    return;
  }
  await ctx.react("eyes");

  if (decision.kind === "already-done") {
    await ctx.reply(renderAlreadyDone(decision.status.state.plan.tag));
    return;
  }
  if (decision.kind === "plan") {
    const planned = await writePlan(ctx, request, decision);
    if (!planned || !decision.execute) return;
    // A plan made by this very delivery read the tag a moment ago: run it without a second look.
    await confirmAndRun(ctx, planned.state, planned.statusCommentId);
    return;
  }
  const { state, commentId } = decision.status;
  const moved = await checkTag(ctx, state);
  if (moved) {
    state.phase = "aborted";
    state.warnings.push(renderTagMoved(state.plan.tag, moved.movedTo, state.plan.commitSha));
    state.commandCommentIds.push(ctx.commentId);
    await saveStatus(ctx, commentId, state);
    await ctx.react("confused");
    return;
  }
  await confirmAndRun(ctx, state, commentId);
}

async function confirmAndRun(ctx: CommandContext, state: RollbackState, statusCommentId: number): Promise<void> {
  if (!state.commandCommentIds.includes(ctx.commentId)) state.commandCommentIds.push(ctx.commentId);
  state.audit.push({ at: ctx.now().toISOString(), actor: ctx.actor, text: auditText.confirmed(Object.keys(state.outcomes).length > 0) });
  await runSaga(ctx, state, statusCommentId);
}
