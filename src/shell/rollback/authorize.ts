import { getRepositoryRole } from "../../github/permissions.js";
import { renderUnauthorized } from "../../messages/rollback.js";
import { answerOnce } from "./answer.js";
import type { CommandContext } from "./command-context.js";

/**
 * May the commenter run `/rollback` (or `command`, another command with the same roles: `/anvil drill`)? Their role in the repository must be one of
 * `rollback.allowedRoles` (the loaded configuration already holds the organization's ceiling:
 * a repository can narrow the list, never widen it). Anyone else gets one polite reply (at most
 * one per person per issue per hour: anyone can comment on a public repository).
 */
export async function authorize(ctx: CommandContext, command = "/rollback"): Promise<boolean> {
  const role = await getRepositoryRole(ctx.octokit, ctx.repo, ctx.actor);
  if (ctx.config.rollback.allowedRoles.includes(role)) return true;
  ctx.log.info({ role }, "/rollback refused: role not allowed");
  await answerOnce(ctx, "unauthorized", renderUnauthorized(ctx.actor, role, ctx.config.rollback.allowedRoles, command));
  return false;
}
