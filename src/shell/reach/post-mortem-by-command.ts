import { renderNoIncidentForPostMortem, renderPostMortemSkipped } from "../../messages/post-mortem.js";
import { sameVersion } from "../../versions/versions.js";
import { findIncidents } from "../resolution/find-incidents.js";
import { answerOnce } from "../rollback/answer.js";
import { authorize } from "../rollback/authorize.js";
import type { CommandContext } from "../rollback/command-context.js";
import { postMortemForIncident } from "./resolution-actions.js";

/**
 * `/anvil post-mortem v0.1.0`: same roles as `/rollback`. Opens the post-mortem pull request for
 * the newest incident of that version now, resolved or not (one per incident, ever: asking again
 * opens nothing). 🚀 when it exists; one reply saying why otherwise.
 */
export async function postMortemByCommand(ctx: CommandContext, tag: string): Promise<void> {
  if (!(await authorize(ctx))) return;
  const incidents = await findIncidents(ctx.octokit, ctx.repo, ctx.identity, ctx.markers, ctx.config.labels.incident);
  const incident = incidents.find((candidate) => sameVersion(candidate.record.tag, tag));
  if (!incident) {
    await answerOnce(ctx, "refusal", renderNoIncidentForPostMortem(tag));
    return;
  }
  const resolution = incident.record.resolution;
  const result = await postMortemForIncident(ctx, incident, resolution ? { at: resolution.at, fixedTag: resolution.fixedTag, by: resolution.by, ...(resolution.actor ? { actor: resolution.actor } : {}) } : undefined);
  if (result.status === "skipped") {
    await answerOnce(ctx, "refusal", renderPostMortemSkipped(tag, result.detail));
    return;
  }
  await ctx.react("rocket");
  ctx.log.info({ tag, detail: result.detail }, "post-mortem by command");
}
