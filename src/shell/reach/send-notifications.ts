import type { Logger } from "probot";
import { sendRepositoryDispatch } from "../../github/dispatch.js";
import { hasStatus } from "../../github/types.js";
import { renderSlackMessage } from "../../messages/notifications.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { notifyInBackground } from "../../notify/notify.js";
import { dispatchEvent, shouldNotify, type MilestoneFacts } from "../../rollback/notifications.js";
import type { Severity } from "../../config/schema.js";
import type { ReachContext, ReachResult } from "./context.js";

export interface NotificationSettings {
  severities: readonly Severity[];
  dispatch: boolean;
  /** The direct webhook (ANVIL_NOTIFY_URL); undefined when not configured. */
  webhookUrl: string | undefined;
}

/**
 * Notify a milestone: the `repository_dispatch` event (awaited: it is one request, and its
 * failure is the step's), then the direct webhook handed over as background work (never awaited:
 * a slow or dead receiver must not hold up a rollback). A dispatch GitHub refuses for want of
 * permission is reported, not fatal: notifying is not worth stopping a revocation for.
 */
export async function sendNotifications(ctx: ReachContext & { log: Pick<Logger, "info" | "warn" | "error"> }, facts: MilestoneFacts, settings: NotificationSettings): Promise<ReachResult> {
  if (!shouldNotify(facts.milestone, facts.severity, settings.severities)) return { status: "skipped", detail: reachDetail.notNotified(facts.severity) };
  if (!settings.dispatch && settings.webhookUrl === undefined) return { status: "skipped", detail: reachDetail.nothingConfigured };
  const parts: string[] = [];
  if (settings.dispatch) {
    const { eventType, clientPayload } = dispatchEvent(facts);
    try {
      await sendRepositoryDispatch(ctx.octokit, ctx.repo, eventType, { ...clientPayload });
      parts.push(reachDetail.dispatched(eventType));
    } catch (error) {
      if (!hasStatus(error, 403, 404)) throw error;
      parts.push(reachDetail.dispatchRefused);
    }
  }
  if (settings.webhookUrl !== undefined && notifyInBackground(renderSlackMessage(facts), ctx.log, { url: settings.webhookUrl, label: dispatchEvent(facts).eventType })) {
    parts.push(reachDetail.webhookQueued);
  }
  return { status: "done", detail: parts.join("; ") };
}
