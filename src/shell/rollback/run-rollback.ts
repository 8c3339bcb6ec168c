import { describeError } from "../../github/types.js";
import { renderAlreadyDone, renderMismatchRefusal, renderPlanFailed, renderTampered } from "../../messages/rollback.js";
import { decideRollback } from "../../rollback/decide.js";
import type { RollbackRequest } from "../../rollback/parse-command.js";
import { answerOnce } from "./answer.js";
import { authorize } from "./authorize.js";
import type { CommandContext } from "./command-context.js";
import { findOwnState } from "./find-own-state.js";
import { runConfirmed } from "./run-confirmed.js";
import { writePlan } from "./write-plan.js";

/**
 * `/rollback <tag> …`: authorize → find own state → decide (pure) → write a plan, or run a
 * confirmed one (check the tag → run the saga). Each arrow is a module of this folder.
 */
export async function runRollback(ctx: CommandContext, request: RollbackRequest): Promise<void> {
  if (!(await authorize(ctx))) return;
  const own = await findOwnState(ctx);
  const decision = decideRollback({
    request,
    commandCommentId: ctx.commentId,
    issueNumber: ctx.issueNumber,
    ...own,
    confirmRequired: ctx.config.rollback.confirm,
    ttlMinutes: ctx.config.rollback.planTtlMinutes,
    now: ctx.now(),
  });
  ctx.log.info({ decision: decision.kind }, "/rollback decided");
  switch (decision.kind) {
    case "redelivery":
      return;
    case "tampered":
      await ctx.react("confused");
      return answerOnce(ctx, "refusal", renderTampered(request.tag, decision.commentId), own);
    case "mismatch":
      await ctx.react("confused");
      return answerOnce(ctx, "refusal", renderMismatchRefusal(decision.status.state.plan.tag, decision.differences), own);
    case "already-done":
      await ctx.react("eyes");
      return answerOnce(ctx, "refusal", renderAlreadyDone(decision.status.state.plan.tag), own);
    case "plan": {
      await ctx.react("eyes");
      let planned: Awaited<ReturnType<typeof writePlan>>;
      try {
        planned = await writePlan(ctx, request, decision, own);
      } catch (error) {
        // Nothing exists yet to show the failure in: say it in one reply (not repeated on redelivery).
        const detail = describeError(error);
        ctx.log.error({ err: detail }, "planning failed");
        await ctx.react("confused");
        return answerOnce(ctx, "refusal", renderPlanFailed(request.tag, detail), own);
      }
      // A plan made by this very delivery read the tag a moment ago: run it without a second look.
      if (planned && decision.execute) await runConfirmed(ctx, planned.state, planned.statusCommentId, { checkTag: false });
      return;
    }
    case "run":
      if (!decision.interrupted) await ctx.react("eyes");
      return runConfirmed(ctx, decision.status.state, decision.status.commentId, { checkTag: true });
  }
}
