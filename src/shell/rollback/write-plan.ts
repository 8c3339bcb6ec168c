import { renderFreshPlanNote, renderMismatchNote } from "../../messages/rollback.js";
import { auditText } from "../../messages/rollback-steps.js";
import type { FlagDifference, PlanReason } from "../../rollback/decide.js";
import type { OwnState } from "../../rollback/own-comments.js";
import type { RollbackRequest } from "../../rollback/parse-command.js";
import { planRollback, renderStatusComment, responseFor, type RollbackState } from "../../rollback/plan.js";
import { answerOnce } from "./answer.js";
import type { CommandContext } from "./command-context.js";
import { readTagCostFiles } from "./read-tag-cost-files.js";
import { findManifest } from "./find-manifest.js";
import { resolveRelease } from "./resolve-release.js";

/**
 * Plan a rollback and post it as the status comment (the one comment this rollback will update).
 * Returns the comment and its state, or undefined when there is nothing to roll back (replied).
 */
export async function writePlan(
  ctx: CommandContext,
  request: RollbackRequest,
  decision: { reason: PlanReason; execute: boolean; differences?: FlagDifference[] },
  own: OwnState,
): Promise<{ statusCommentId: number; state: RollbackState } | undefined> {
  const now = ctx.now();
  const resolved = await resolveRelease(ctx, request.tag);
  if ("refusal" in resolved) {
    await answerOnce(ctx, "refusal", resolved.refusal, own);
    return undefined;
  }
  // Deleting a tag has costs the plan states (issue 11): read the files that reveal them only then.
  const deletes = responseFor(request, resolved.release, resolved.releases, ctx.config).revocation === "delete";
  const costFiles = deletes ? await readTagCostFiles(ctx) : undefined;
  const manifest = await findManifest(ctx, resolved.release.tag, costFiles?.files);
  const plan = planRollback({ request, ...resolved, ...(manifest ? { manifest } : {}), config: ctx.config, requestedBy: ctx.actor, issueNumber: ctx.issueNumber, now, notifyWebhook: ctx.notifyUrl !== undefined, ...(costFiles ? { costFiles } : {}) });
  const mode = request.dryRun ? "dry run" : decision.execute ? "executing at once" : "awaiting --confirm";
  const state: RollbackState = { phase: "planned", plan, commandCommentIds: [ctx.commentId], outcomes: {}, warnings: [], audit: [{ at: now.toISOString(), actor: ctx.actor, text: auditText.planned(mode) }] };
  const confirmRequired = ctx.config.rollback.confirm && !request.dryRun;
  const note =
    decision.reason === "mismatch" ? renderMismatchNote(plan.tag, decision.differences ?? []) : decision.reason === "requested" ? "" : renderFreshPlanNote(plan.tag, decision.reason);
  const body = renderStatusComment(ctx.markers, state, { confirmRequired, ttlMinutes: ctx.config.rollback.planTtlMinutes }, note);
  const { id } = await ctx.reply(body);
  ctx.log.info({ tag: plan.tag, steps: plan.steps }, "rollback planned");
  return { statusCommentId: id, state };
}
