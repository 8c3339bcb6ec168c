import { auditLineKind } from "../messages/rollback-steps.js";
import type { RollbackState } from "./plan.js";
import type { PostMortemFacts } from "./post-mortem.js";

/**
 * The post-mortem's facts from what Anvil recorded: the rollback's signed state (plan, outcomes,
 * audit) and the resolution. Pure; the shell reads both and the public URLs.
 */
export function postMortemFactsFrom(input: {
  state: RollbackState;
  resolution?: { at: string; fixedTag: string; by: "release" | "command"; actor?: string };
  incident: { number: number; url: string };
  announcement?: { number: number; url: string };
}): PostMortemFacts {
  const { plan, outcomes, audit } = input.state;
  const revoked = [outcomes["delete-release"], outcomes["revoke-in-place"]].find((outcome) => outcome?.status === "done");
  const confirmation = audit.find((entry) => auditLineKind(entry.text) === "confirmed");
  return {
    tag: plan.tag,
    severity: plan.severity,
    action: plan.action,
    respondWithin: plan.respondWithin,
    reason: plan.reason,
    requestedBy: plan.requestedBy,
    good: plan.good?.tag ?? null,
    release: { name: plan.releaseName, publishedAt: plan.publishedAt, commitSha: plan.commitSha, immutable: plan.immutable, assets: plan.assets },
    plannedAt: plan.createdAt,
    ...(confirmation ? { confirmation: { at: confirmation.at, actor: confirmation.actor } } : {}),
    revokedAt: revoked?.at ?? null,
    // The plan and the confirmation have their own lines in the timeline.
    audit: audit.filter((entry) => entry !== confirmation && auditLineKind(entry.text) !== "planned"),
    ...(input.resolution ? { resolution: input.resolution } : {}),
    incident: input.incident,
    ...(input.announcement ? { announcement: input.announcement } : {}),
  };
}
