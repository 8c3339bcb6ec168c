import type { ConfigProblem } from "../../config/resolve-config.js";
import { renderConfigProblemReply } from "../../messages/config-problem.js";
import { renderHelp, renderInvalid } from "../../messages/rollback.js";
import type { CommandContext } from "./command-context.js";

/** Replies that change nothing else: the grammar, a malformed command, a broken configuration. */
export async function answerHelp(ctx: CommandContext): Promise<void> {
  const { allowedRoles, confirm, planTtlMinutes } = ctx.config.rollback;
  await ctx.reply(renderHelp(allowedRoles, confirm, planTtlMinutes));
}

export async function answerInvalid(ctx: CommandContext, message: string): Promise<void> {
  await ctx.reply(renderInvalid(message));
}

export async function answerConfigProblem(reply: (body: string) => Promise<unknown>, problem: ConfigProblem): Promise<void> {
  await reply(renderConfigProblemReply(problem));
}
