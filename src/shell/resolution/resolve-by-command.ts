import { getReleaseByTag } from "../../github/releases.js";
import { renderResolveRefusal } from "../../messages/resolution.js";
import { resolutionByCommand, resolutionConfig } from "../../rollback/resolution.js";
import { tagCandidates } from "../../versions/versions.js";
import { findIncidents } from "./find-incidents.js";
import { runResolution, type ResolutionContext } from "./run-resolution.js";

export type CommandResolutionOutcome =
  | { kind: "resolved"; incident: number; fixedTag: string }
  | { kind: "nothing-left"; incident: number }
  /** A polite reply for the commenter; nothing was changed. */
  | { kind: "refused"; reply: string };

/**
 * `/rollback v0.1.0 --resolved-by v0.0.10` (authorized like `/rollback`): resolve an incident by
 * hand when the fix is not a higher release. The fix's release, when it exists, is the evidence.
 * Idempotent: the same command again resumes what is left, then does nothing.
 */
export async function resolveByCommand(ctx: ResolutionContext & { actor: string }, revokedTag: string, fixedTag: string): Promise<CommandResolutionOutcome> {
  const incidents = await findIncidents(ctx.octokit, ctx.repo, ctx.identity, ctx.markers, ctx.config.labels.incident);
  let fixRelease;
  for (const candidate of tagCandidates(fixedTag)) {
    const release = await getReleaseByTag(ctx.octokit, ctx.repo, candidate);
    if (release && !release.draft) {
      fixRelease = { tag: release.tag, htmlUrl: release.htmlUrl };
      break;
    }
  }
  const decision = resolutionByCommand({
    revokedTag,
    fixedTag,
    ...(fixRelease ? { fixRelease } : {}),
    incidents,
    config: resolutionConfig(ctx.config, ctx.notifyUrl !== undefined),
  });
  if (decision.kind === "refuse") return { kind: "refused", reply: renderResolveRefusal({ revokedTag, fixedTag, reason: decision.reason, ...(decision.resolvedBy ? { resolvedBy: decision.resolvedBy } : {}) }) };
  if (decision.kind === "nothing-left") return { kind: "nothing-left", incident: decision.incident.issue };
  await runResolution(ctx, decision.plan);
  return { kind: "resolved", incident: decision.plan.incident.issue, fixedTag: decision.plan.fixedTag };
}
