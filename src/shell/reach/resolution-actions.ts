import { getComment, getIssue } from "../../github/issues.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { notifyUrlFromEnv } from "../../notify/webhook.js";
import { readRollbackState } from "../../rollback/plan.js";
import { postMortemFactsFrom } from "../../rollback/post-mortem-facts.js";
import type { ResolutionPlan } from "../../rollback/resolution.js";
import type { ResolutionContext } from "../resolution/run-resolution.js";
import { openPostMortemPull } from "./open-post-mortem-pull.js";
import type { ReachResult } from "./context.js";
import { retireBanner } from "./retire-banner.js";
import { sendNotifications } from "./send-notifications.js";

type ResolutionAction = (ctx: ResolutionContext, plan: ResolutionPlan) => Promise<ReachResult>;

/** Issue 12's part of a resolution: banner, post-mortem, notifications. Each is idempotent on its own. */
export const REACH_RESOLUTION_ACTIONS: Record<"retire-banner" | "post-mortem" | "notify-resolved", ResolutionAction> = {
  async "retire-banner"(ctx, plan) {
    return retireBanner(ctx, { tag: plan.incident.record.tag, fixedTag: plan.fixedTag });
  },

  async "post-mortem"(ctx, plan) {
    const resolution = { at: plan.incident.record.resolution?.at ?? ctx.now().toISOString(), fixedTag: plan.fixedTag, by: plan.by, ...(ctx.actor ? { actor: ctx.actor } : {}) };
    return postMortemForIncident(ctx, plan.incident, resolution);
  },

  async "notify-resolved"(ctx, plan) {
    const { record, issue } = plan.incident;
    const incident = await getIssue(ctx.octokit, ctx.repo, issue);
    const announcement = record.announcement ? await getIssue(ctx.octokit, ctx.repo, record.announcement.number) : undefined;
    return sendNotifications(
      ctx,
      {
        milestone: "resolved",
        repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
        tag: record.tag,
        versionToUse: plan.fixedTag,
        severity: record.severity,
        reason: null,
        actor: ctx.actor ?? record.resolution?.actor ?? "release",
        announcementUrl: announcement?.htmlUrl ?? null,
        incidentUrl: incident.htmlUrl,
        fixedIn: plan.fixedTag,
      },
      { severities: ctx.config.notifications.severities, dispatch: ctx.config.notifications.dispatch, webhookUrl: notifyUrlFromEnv() },
    );
  },
};

/**
 * The post-mortem pull request for an incident: its timeline from the rollback's signed status
 * comment (plan, confirmation, steps), the resolution when there is one. Used on resolution and by
 * `/anvil post-mortem <tag>`.
 */
export async function postMortemForIncident(
  ctx: Pick<ResolutionContext, "octokit" | "repo" | "identity" | "markers" | "log" | "config">,
  incidentOnFile: Pick<ResolutionPlan["incident"], "issue" | "record">,
  resolution: { at: string; fixedTag: string; by: "release" | "command"; actor?: string } | undefined,
): Promise<ReachResult & { pull?: number }> {
  const { record, issue } = incidentOnFile;
  if (!record.status) return { status: "skipped", detail: reachDetail.postMortemNoStatus };
  const comment = await getComment(ctx.octokit, ctx.repo, record.status.comment);
  const state = comment ? readRollbackState(comment.body, ctx.markers) : undefined;
  if (!state) return { status: "skipped", detail: reachDetail.postMortemStatusUnverified };
  const incident = await getIssue(ctx.octokit, ctx.repo, issue);
  const announcement = record.announcement ? await getIssue(ctx.octokit, ctx.repo, record.announcement.number) : undefined;
  const facts = postMortemFactsFrom({
    state,
    ...(resolution ? { resolution } : {}),
    incident: { number: issue, url: incident.htmlUrl },
    ...(announcement ? { announcement: { number: announcement.number, url: announcement.htmlUrl } } : {}),
  });
  return openPostMortemPull(ctx, facts, ctx.config.postMortem.path);
}
