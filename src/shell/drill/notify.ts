import { DRILL_DETAIL } from "../../messages/drill.js";
import { reachDetail } from "../../messages/reach-steps.js";
import type { MilestoneFacts } from "../../rollback/notifications.js";
import { sendNotifications, type NotificationSettings } from "../reach/send-notifications.js";
import { issueLinks } from "../rollback/steps/issue-links.js";
import type { DrillAction, DrillContext } from "./context.js";

async function drillFacts(ctx: DrillContext): Promise<MilestoneFacts> {
  const { plan } = ctx.state;
  const links = ctx.state.rollback ? await issueLinks(ctx.stepContext()) : { announcement: null, incident: null };
  return {
    milestone: "drill",
    repository: `${ctx.command.repo.owner}/${ctx.command.repo.repo}`,
    tag: plan.tag,
    versionToUse: plan.good,
    severity: plan.severity,
    reason: "Rollback drill",
    actor: ctx.state.actor,
    announcementUrl: links.announcement,
    incidentUrl: links.incident,
    fixedIn: null,
  };
}

function send(ctx: DrillContext, facts: MilestoneFacts, settings: Omit<NotificationSettings, "severities">) {
  return sendNotifications(ctx.command, facts, { severities: ctx.command.config.notifications.severities, ...settings });
}

/** The `anvil-drill` repository_dispatch event. Refused for want of permission is what a drill is for: a failure here. */
export const dispatchDrill: DrillAction = async (ctx) => {
  const result = await send(ctx, await drillFacts(ctx), { dispatch: true, webhookUrl: undefined });
  if (result.detail === reachDetail.dispatchRefused) throw new Error(DRILL_DETAIL.dispatchRefused);
  return result;
};

/** The deployment's webhook (ANVIL_NOTIFY_URL), handed over as background work like a real rollback's. */
export const webhookDrill: DrillAction = async (ctx) => send(ctx, await drillFacts(ctx), { dispatch: false, webhookUrl: ctx.command.notifyUrl });
