import type { AppIdentity } from "../github/app-identity.js";
import { overdueIncidents } from "../rollback/resolution.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { flagOverdueIncidents } from "../shell/resolution/check-overdue.js";
import { isIncident } from "../shell/resolution/find-incidents.js";

type IncidentEvent = "issues" | "issue_comment.created";

/**
 * Activity on an incident issue (an edit, a ticked box, a comment, a label) after its severity's
 * deadline, with the incident unresolved, flags it overdue once. Decided from the payload: any
 * other event costs no request.
 */
export function onIncidentActivity(identity: () => Promise<AppIdentity>, now: () => Date = () => new Date()) {
  return repositoryHandler<IncidentEvent>(
    identity,
    {
      relevant: (context, markers) => {
        const { issue, sender } = context.payload as { issue: { number: number; body?: string | null }; sender?: { login?: string; type?: string } };
        if (isBotAccount(sender)) return false;
        const record = isIncident({ body: issue.body ?? "" }, markers);
        return record !== undefined && overdueIncidents([{ issue: issue.number, record }], now()).length > 0;
      },
    },
    async ({ context, octokit, repo, config, identity: me, markers }) => {
      const { issue } = context.payload as { issue: { number: number; body?: string | null } };
      const record = isIncident({ body: issue.body ?? "" }, markers);
      if (!record) return;
      await flagOverdueIncidents({ octokit, repo, config, identity: me, markers, log: context.log, now }, [{ issue: issue.number, record }]);
    },
  );
}
