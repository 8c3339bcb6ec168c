import { getComment, getIssue } from "../../github/issues.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { readRollbackState, type RollbackState } from "../../rollback/plan.js";
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
    const { record } = plan.incident;
    const links = await incidentLinks(ctx, plan.incident, await rollbackStateOf(ctx, plan.incident));
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
        announcementUrl: links.announcement?.url ?? null,
        incidentUrl: links.incident,
        fixedIn: plan.fixedTag,
      },
      { severities: ctx.config.notifications.severities, dispatch: ctx.config.notifications.dispatch, webhookUrl: ctx.notifyUrl },
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
  const state = await rollbackStateOf(ctx, incidentOnFile);
  if (!state) return { status: "skipped", detail: reachDetail.postMortemStatusUnverified };
  const links = await incidentLinks(ctx, incidentOnFile, state);
  const facts = postMortemFactsFrom({
    state,
    ...(resolution ? { resolution } : {}),
    incident: { number: issue, url: links.incident },
    ...(links.announcement ? { announcement: links.announcement } : {}),
  });
  return openPostMortemPull(ctx, facts, ctx.config.postMortem.path);
}

type IncidentOnFile = Pick<ResolutionPlan["incident"], "issue" | "record">;
type ReadContext = Pick<ResolutionContext, "octokit" | "repo" | "markers">;

/** The rollback's signed state from its status comment (undefined: no status comment, gone, or its marker does not verify). */
async function rollbackStateOf(ctx: ReadContext, { record }: IncidentOnFile): Promise<RollbackState | undefined> {
  if (!record.status) return undefined;
  const comment = await getComment(ctx.octokit, ctx.repo, record.status.comment);
  return comment ? readRollbackState(comment.body, ctx.markers) : undefined;
}

/**
 * The public URLs of the incident and its announcement (GitHub's `html_url`): the rollback's state
 * keeps them since the steps that open those issues record them (see shell/rollback/steps/issue-links.ts);
 * only without them (no verified state, or one written before) is the issue read.
 */
async function incidentLinks(ctx: ReadContext, { issue, record }: IncidentOnFile, state: RollbackState | undefined): Promise<{ incident: string; announcement?: { number: number; url: string } }> {
  const kept = state?.links ?? {};
  const incident = (state?.incident === issue ? kept.incident : undefined) ?? (await getIssue(ctx.octokit, ctx.repo, issue)).htmlUrl;
  const number = record.announcement?.number;
  if (number === undefined) return { incident };
  const announcement = (state?.announcement === number ? kept.announcement : undefined) ?? (await getIssue(ctx.octokit, ctx.repo, number)).htmlUrl;
  return { incident, announcement: { number, url: announcement } };
}
