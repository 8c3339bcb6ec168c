import { sendNotifications } from "../../reach/send-notifications.js";
import type { SagaStep } from "./context.js";
import { issueLinks } from "./issue-links.js";

/** Issue 12: `anvil-rollback` for the repository's workflows and the deployment's webhook, once the revocation is done. */
export const notify: SagaStep = async (ctx) => {
  const { plan, audit } = ctx.state;
  const links = await issueLinks(ctx);
  return sendNotifications(
    ctx,
    {
      milestone: "rollback",
      repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
      tag: plan.tag,
      versionToUse: plan.good?.tag ?? null,
      severity: plan.severity,
      reason: plan.reason,
      // Who confirmed (the run's actor), else who asked.
      actor: audit.at(-1)?.actor ?? plan.requestedBy,
      announcementUrl: links.announcement,
      incidentUrl: links.incident,
      fixedIn: null,
    },
    { severities: ctx.config.notifications.severities, dispatch: ctx.config.notifications.dispatch, webhookUrl: ctx.notifyUrl },
  );
};
