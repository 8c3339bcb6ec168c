import type { ResolveRequest } from "../../rollback/parse-command.js";
import { resolveByCommand } from "../resolution/resolve-by-command.js";
import { answerOnce } from "./answer.js";
import { authorize } from "./authorize.js";
import type { CommandContext } from "./command-context.js";

/**
 * `/rollback v0.1.0 --resolved-by v0.0.10`: same roles as `/rollback`; the incident is resolved
 * at once (nothing is destroyed, so no plan to confirm). The incident gets the resolution comment;
 * the command gets 🚀, or one reply saying why nothing was changed (not repeated on redelivery).
 * A redelivery of a resolving command finds nothing left.
 */
export async function resolveIncident(ctx: CommandContext, request: ResolveRequest): Promise<void> {
  if (!(await authorize(ctx))) return;
  const outcome = await resolveByCommand({ octokit: ctx.octokit, repo: ctx.repo, config: ctx.config, identity: ctx.identity, markers: ctx.markers, log: ctx.log, actor: ctx.actor, now: ctx.now, ...(ctx.notifyUrl !== undefined ? { notifyUrl: ctx.notifyUrl } : {}) }, request.tag, request.resolvedBy);
  if (outcome.kind === "refused") {
    // A signed reply, like every refusal: a redelivered command is not answered twice.
    await answerOnce(ctx, "refusal", outcome.reply);
    return;
  }
  await ctx.react("rocket");
  ctx.log.info({ outcome }, "incident resolved by command");
}
