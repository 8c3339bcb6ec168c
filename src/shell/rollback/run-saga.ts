import { describeError } from "../../github/types.js";
import { failureWhat } from "../../messages/rollback.js";
import { auditText } from "../../messages/rollback-steps.js";
import { remainingSteps, type RollbackState } from "../../rollback/plan.js";
import type { CommandContext } from "./command-context.js";
import { saveStatus } from "./save-status.js";
import { buildStepContext } from "./steps/context.js";
import { SAGA_STEPS } from "./steps/index.js";

/**
 * Run the steps of a confirmed plan that are not done yet, in order. This is the only place a
 * rollback changes anything: planning and dry runs never reach it. After each step the one status
 * comment is updated (its marker holds the outcomes, so a later `--confirm` resumes exactly here).
 * The first failure stops the run.
 */
export async function runSaga(ctx: CommandContext, state: RollbackState, statusCommentId: number): Promise<RollbackState> {
  const { log } = ctx;
  const stepContext = buildStepContext(ctx, state, { issue: state.plan.issueNumber, comment: statusCommentId });
  const save = () => saveStatus(ctx, statusCommentId, state);
  /** Saving failed: the outcomes so far are lost from GitHub, but every step is idempotent, so resuming repeats nothing. */
  const saveFailed = async (error: unknown): Promise<RollbackState> => {
    const detail = describeError(error);
    log.error({ err: detail }, "could not save the rollback's status; stopping");
    state.phase = "failed";
    state.failure = { what: failureWhat.saveStatus, detail, at: ctx.now().toISOString() };
    try {
      await save();
    } catch (again) {
      log.error({ err: describeError(again) }, "could not save the failure in the status comment either");
    }
    await ctx.react("confused");
    return state;
  };

  state.phase = "running";
  const steps = remainingSteps(state);
  for (const [index, step] of steps.entries()) {
    const at = ctx.now().toISOString();
    try {
      const result = await SAGA_STEPS[step](stepContext);
      state.outcomes[step] = { ...result, at };
      state.audit.push({ at, actor: ctx.actor, text: auditText.step(step, result.status, result.detail) });
      log.info({ step, status: result.status, detail: result.detail }, "rollback step finished");
    } catch (error) {
      const detail = describeError(error);
      state.outcomes[step] = { status: "failed", detail, at };
      state.audit.push({ at, actor: ctx.actor, text: auditText.step(step, "failed", detail) });
      state.phase = "failed";
      log.error({ step, err: detail }, "rollback step failed; stopping");
      try {
        await save();
      } catch (saveError) {
        return saveFailed(saveError);
      }
      await ctx.react("confused");
      return state;
    }
    if (index < steps.length - 1) {
      try {
        await save(); // the last step's outcome goes out with "done" below
      } catch (error) {
        return saveFailed(error);
      }
    }
  }
  state.phase = "done";
  try {
    await save();
  } catch (error) {
    return saveFailed(error);
  }
  await ctx.react("rocket");
  return state;
}
