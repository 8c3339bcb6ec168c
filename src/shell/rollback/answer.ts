import type { ConfigProblem } from "../../config/resolve-config.js";
import { renderConfigProblemReply } from "../../messages/config-problem.js";
import { renderHelp, renderInvalid } from "../../messages/rollback.js";
import type { OwnState } from "../../rollback/own-comments.js";
import { replyVerdict, type ReplyKind } from "../../rollback/replies.js";
import type { CommandContext, ReplyContext } from "./command-context.js";
import { findOwnState } from "./find-own-state.js";

/**
 * Reply to the command once: not again on a redelivery (a reply or status comment of Anvil's
 * already names this command), and for replies anyone can trigger (help, refusals, configuration
 * problems) at most one of a kind per person per issue per hour. Anvil's own signed replies on
 * the issue are the record; `own` saves listing them again when the caller already did.
 */
export async function answerOnce(ctx: ReplyContext, kind: ReplyKind, body: string, own?: OwnState): Promise<void> {
  const { statuses, replies } = own ?? (await findOwnState(ctx));
  const verdict = statuses.some((status) => status.state.commandCommentIds.includes(ctx.commentId))
    ? "already-answered"
    : replyVerdict(replies, { command: ctx.commentId, to: ctx.actor, kind }, ctx.now());
  if (verdict !== "reply") {
    ctx.log.info({ kind, verdict }, "reply not repeated");
    return;
  }
  await ctx.reply(body, kind);
}

export async function answerHelp(ctx: CommandContext): Promise<void> {
  const { allowedRoles, confirm, planTtlMinutes, defaultSeverity } = ctx.config.rollback;
  await answerOnce(ctx, "help", renderHelp(allowedRoles, confirm, planTtlMinutes, defaultSeverity));
}

export async function answerInvalid(ctx: CommandContext, message: string): Promise<void> {
  await answerOnce(ctx, "invalid", renderInvalid(message));
}

export async function answerConfigProblem(ctx: ReplyContext, problem: ConfigProblem): Promise<void> {
  await answerOnce(ctx, "config-problem", renderConfigProblemReply(problem));
}
