import { listOwnComments, updateComment } from "../../github/issues.js";
import { renderDrillFooter, renderDrillPlan, renderDrillProgress, renderDrillReport } from "../../messages/drill.js";
import { DRILL_STATUS_MARKER, readDrillState, summarizeDrill, type DrillState } from "../../rollback/drill.js";
import type { MarkerCodec } from "../../markers/codec.js";
import type { CommandContext, ReplyContext } from "../rollback/command-context.js";

/**
 * The drill's one status comment: its signed state (what makes a redelivery a no-op and an
 * interrupted drill resumable), then what people read — the plan (dry run), the steps as they
 * finish (running), or the report (done).
 */
export function renderDrillStatus(markers: MarkerCodec, state: DrillState): string {
  const visible =
    state.phase === "dry-run"
      ? renderDrillPlan(state.plan, true)
      : state.phase === "running"
        ? renderDrillProgress(state.plan, state.runs)
        : `${renderDrillReport(state.plan.tag, summarizeDrill(state.runs, state.plan.deadlineMinutes))}${renderDrillFooter(state.rollback?.incident)}`;
  return `${markers.encode(DRILL_STATUS_MARKER, state as unknown as Record<string, unknown>)}\n${visible}`;
}

/** The status comment Anvil wrote for this very command, if any (all pages of the issue's comments). */
export async function findDrillStatus(ctx: ReplyContext): Promise<{ commentId: number; state: DrillState } | undefined> {
  const comments = await listOwnComments(ctx.octokit, ctx.repo, ctx.issueNumber, ctx.identity.botLogin);
  for (const comment of comments) {
    const state = readDrillState(ctx.markers.find(comment.body, DRILL_STATUS_MARKER));
    if (state?.commandCommentId === ctx.commentId) return { commentId: comment.id, state };
  }
  return undefined;
}

export async function saveDrillStatus(ctx: CommandContext, statusCommentId: number, state: DrillState): Promise<void> {
  await updateComment(ctx.octokit, ctx.repo, statusCommentId, renderDrillStatus(ctx.markers, state));
}
