import { describeError } from "../../github/types.js";
import { renderDrillPlanFailed, renderDrillRefused } from "../../messages/drill.js";
import { reopenFailedCleanup, type DrillState } from "../../rollback/drill.js";
import { answerOnce } from "../rollback/answer.js";
import { authorize } from "../rollback/authorize.js";
import type { CommandContext } from "../rollback/command-context.js";
import { findDrillStatus, renderDrillStatus } from "./drill-status.js";
import { executeDrill } from "./execute-drill.js";
import { planFromRepository } from "./plan-from-repository.js";

/**
 * `/anvil drill [--dry-run]`: authorize (the roles of `/rollback`) → this command's status comment
 * (a redelivery of a finished drill or dry run does nothing; an interrupted drill resumes; a drill
 * whose cleanup failed somewhere tries those cleanup actions again) → plan
 * (pure, ../../rollback/drill.ts) → the dry run shows the plan; the drill runs at once. No
 * `--confirm`: a drill changes only what it creates itself and removes it again.
 */
export async function runDrill(ctx: CommandContext, request: { dryRun: boolean }): Promise<void> {
  if (!(await authorize(ctx, "/anvil drill"))) return;
  const found = await findDrillStatus(ctx);
  if (found) {
    // Interrupted: resume. Finished with a cleanup action failed: try those again. Otherwise: done already.
    const resume = found.state.phase === "running" ? found.state : reopenFailedCleanup(found.state);
    ctx.log.info({ tag: found.state.plan.tag, phase: found.state.phase, resume: resume !== undefined }, "/anvil drill redelivered");
    if (resume) await executeDrill(ctx, resume, found.commentId);
    return;
  }
  await ctx.react("eyes");
  let planned: Awaited<ReturnType<typeof planFromRepository>>;
  try {
    planned = await planFromRepository(ctx);
  } catch (error) {
    const detail = describeError(error);
    ctx.log.error({ err: detail }, "drill planning failed");
    await ctx.react("confused");
    return answerOnce(ctx, "refusal", renderDrillPlanFailed(detail));
  }
  const { decision, previousLatest } = planned;
  if (decision.kind === "refuse") {
    await ctx.react("confused");
    return answerOnce(ctx, "refusal", renderDrillRefused(decision.reason));
  }
  const state: DrillState = {
    phase: request.dryRun ? "dry-run" : "running",
    commandCommentId: ctx.commentId,
    actor: ctx.actor,
    startedAt: ctx.now().toISOString(),
    plan: decision.plan,
    previousLatest,
    runs: [],
  };
  // Written before anything changes: from here on a redelivery resumes instead of starting a second drill.
  const { id } = await ctx.reply(renderDrillStatus(ctx.markers, state));
  ctx.log.info({ tag: decision.plan.tag, dryRun: request.dryRun }, "drill planned");
  if (!request.dryRun) await executeDrill(ctx, state, id);
}
