import { isDrillTag, type DrillState } from "../../rollback/drill.js";
import type { RollbackState } from "../../rollback/plan.js";
import type { CommandContext } from "../rollback/command-context.js";
import { buildStepContext, type StepContext } from "../rollback/steps/context.js";

/** What every drill step and cleanup action uses: the command, the drill's state, the saga's step context. */
export interface DrillContext {
  command: CommandContext;
  state: DrillState;
  statusCommentId: number;
  /** The saga's context for the drill release (built once per run, after `create-release`). */
  stepContext: () => StepContext;
}

export interface DrillStepResult {
  status: "done" | "skipped";
  detail: string;
  /** The effect was read back (`undefined`: nothing to read back). */
  verified?: boolean;
}

export type DrillAction = (ctx: DrillContext) => Promise<DrillStepResult>;

/**
 * The one guard between a drill and the repository's real releases: every step that changes a
 * release or a tag goes through here first. The release must be the one this drill created, under
 * the drill's own tag, and the saga's plan must name exactly that release.
 */
export function assertDrillRelease(state: DrillState, rollback?: RollbackState): { releaseId: number; tag: string } {
  const { tag } = state.plan;
  if (!isDrillTag(tag)) throw new Error(`refusing: ${JSON.stringify(tag)} is not a drill tag`);
  if (state.releaseId === undefined) throw new Error("refusing: this drill created no release");
  if (rollback && (rollback.plan.tag !== tag || rollback.plan.releaseId !== state.releaseId || rollback.plan.drill !== true)) throw new Error("refusing: the rollback plan does not name this drill's release");
  return { releaseId: state.releaseId, tag };
}

export function drillContext(command: CommandContext, state: DrillState, statusCommentId: number): DrillContext {
  let built: StepContext | undefined;
  return {
    command,
    state,
    statusCommentId,
    stepContext: () => {
      const rollback = state.rollback;
      if (!rollback) throw new Error("no drill release: the rollback steps cannot run");
      assertDrillRelease(state, rollback);
      built ??= buildStepContext(command, rollback, { issue: command.issueNumber, comment: statusCommentId });
      return built;
    },
  };
}
