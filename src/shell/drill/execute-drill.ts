import { describeError } from "../../github/types.js";
import { DRILL_DETAIL } from "../../messages/drill.js";
import { isCleanupAction, pendingSteps, rollbackStopped, summarizeDrill, type CleanupAction, type DrillState, type DrillStepId } from "../../rollback/drill.js";
import type { CommandContext } from "../rollback/command-context.js";
import { CLEANUP } from "./clean-up.js";
import { drillContext, type DrillAction } from "./context.js";
import { createDrillRelease } from "./create-release.js";
import { saveDrillStatus } from "./drill-status.js";
import { dispatchDrill, webhookDrill } from "./notify.js";
import { rollbackStep } from "./rollback-step.js";
import { verifyDrill } from "./verify.js";

/** Every drill step by id: the saga's own steps for the rollback part, then the drill's. */
const STEPS: Record<Exclude<DrillStepId, "cleanup">, DrillAction> = {
  "create-release": createDrillRelease,
  record: rollbackStep("record"),
  "delete-release": rollbackStep("delete-release"),
  "delete-tag": rollbackStep("delete-tag"),
  "revoke-in-place": rollbackStep("revoke-in-place"),
  "make-latest": rollbackStep("make-latest"),
  "caution-banner": rollbackStep("caution-banner"),
  "known-issue-note": rollbackStep("known-issue-note"),
  announce: rollbackStep("announce"),
  pin: rollbackStep("pin"),
  advisory: rollbackStep("advisory"),
  "retag-check": rollbackStep("retag-check"),
  incident: rollbackStep("incident"),
  "readme-banner": rollbackStep("readme-banner"),
  dispatch: dispatchDrill,
  webhook: webhookDrill,
  verify: verifyDrill,
};

function actionFor(step: Exclude<DrillStepId, "cleanup"> | CleanupAction): DrillAction {
  return isCleanupAction(step) ? CLEANUP[step] : STEPS[step];
}

/**
 * Run what is left of a drill, in order: the rollback steps (until one fails: a real rollback
 * would stop there), the notifications, verify, then every cleanup action whatever happened
 * before. After each, the one status comment is rewritten from the state, so a redelivery after a
 * crash resumes at the first step without a recorded run (each step is idempotent).
 */
export async function executeDrill(ctx: CommandContext, state: DrillState, statusCommentId: number): Promise<void> {
  const drill = drillContext(ctx, state, statusCommentId);
  for (const step of pendingSteps(state)) {
    if (step === "cleanup") continue;
    const startedAt = ctx.now().toISOString();
    let result: { status: "done" | "skipped" | "failed"; detail: string; verified?: boolean };
    if (!isCleanupAction(step) && step !== "verify" && rollbackStopped(state)) result = { status: "skipped", detail: DRILL_DETAIL.notRun };
    else {
      try {
        result = await actionFor(step)(drill);
      } catch (error) {
        result = { status: "failed", detail: describeError(error) };
        ctx.log.warn({ step, err: result.detail }, "drill step failed");
      }
    }
    state.runs.push({ step, startedAt, finishedAt: ctx.now().toISOString(), ...result });
    if (pendingSteps(state).length === 0) {
      state.phase = "done";
      state.finishedAt = ctx.now().toISOString();
    }
    try {
      await saveDrillStatus(ctx, statusCommentId, state);
    } catch (error) {
      // The next save carries this run too; a crash before it repeats the step, which is idempotent.
      ctx.log.error({ step, err: describeError(error) }, "could not save the drill's status");
    }
  }
  if (state.phase !== "done") {
    // Interrupted after its last run but before that was saved as finished: finish now.
    state.phase = "done";
    state.finishedAt = ctx.now().toISOString();
    await saveDrillStatus(ctx, statusCommentId, state).catch((error: unknown) => ctx.log.error({ err: describeError(error) }, "could not save the drill's status"));
  }
  const summary = summarizeDrill(state.runs, state.plan.deadlineMinutes);
  ctx.log.info({ tag: state.plan.tag, failures: summary.failures.length, clean: summary.clean }, "drill finished");
  await ctx.react(summary.failures.length === 0 && summary.clean ? "rocket" : "confused");
}
