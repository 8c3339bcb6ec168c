import type { ResolveRequest } from "../../rollback/parse-command.js";
import { resolveByCommand } from "../resolution/resolve-by-command.js";
import { authorize } from "./authorize.js";
import type { CommandContext } from "./command-context.js";

/**
 * `/rollback v0.1.0 --resolved-by v0.0.10`: same roles as `/rollback`; the incident is resolved
 * at once (nothing is destroyed, so no plan to confirm). The incident gets the resolution comment;
 * the command gets 🚀, or one reply saying why nothing was changed. A redelivery finds nothing left.
 */
export async function resolveIncident(ctx: CommandContext, request: ResolveRequest): Promise<void> {
  if (!(await authorize(ctx))) return;
  const outcome = await resolveByCommand({ octokit: ctx.octokit, repo: ctx.repo, config: ctx.config, identity: ctx.identity, markers: ctx.markers, log: ctx.log, actor: ctx.actor, now: ctx.now }, request.tag, request.resolvedBy);
  if (outcome.kind === "refused") {
    await ctx.reply(outcome.reply);
    return;
  }
  await ctx.react("rocket");
  ctx.log.info({ outcome }, "incident resolved by command");
}
