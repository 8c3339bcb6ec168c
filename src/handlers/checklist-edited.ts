import type { Context } from "probot";
import { readChecklistState } from "../checklists/checklist-state.js";
import { planEdit } from "../checklists/plan-edit.js";
import { checkRunReport, refreshBody } from "../checklists/render-checklist.js";
import type { AppIdentity } from "../github/app-identity.js";
import { createCheckRun, updateCheckRun } from "../github/check-runs.js";
import { updateIssue } from "../github/issues.js";
import { isBotAccount } from "../runtime/is-bot.js";
import type { MarkerCodec } from "../markers/codec.js";
import { repositoryHandler } from "../runtime/repository-handler.js";

type EditedPayload = Context<"issues.edited">["payload"];

/** A human changed the body of what looks like one of Anvil's checklists (decided from the payload alone). */
export function isChecklistBodyEdit(payload: EditedPayload, markers: MarkerCodec): boolean {
  return (
    !isBotAccount(payload.sender) &&
    payload.changes.body !== undefined &&
    readChecklistState(payload.issue.body, markers) !== undefined &&
    !payload.issue.pull_request
  );
}

export function onChecklistEdited(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"issues.edited">(
    identity,
    { relevant: (context, markers) => isChecklistBodyEdit(context.payload, markers) },
    async ({ context, octokit, repo, config, identity: me, markers }) => {
      const { issue, changes, sender } = context.payload;
      // A marker copied into someone else's issue is not a checklist of ours.
      if (issue.user?.login !== me.botLogin) return;
      const state = readChecklistState(issue.body, markers);
      if (!state) return;

      const plan = planEdit({
        before: changes.body?.from ?? "",
        after: issue.body ?? "",
        issueState: issue.state === "closed" ? "closed" : "open",
        state,
        actor: sender.login,
        at: issue.updated_at,
        closeOnComplete: config.checklists.closeOnComplete,
        markers,
      });

      let nextState = plan.state;
      if (plan.checkRun !== "none" && state.sha) {
        const report = checkRunReport(plan.items, issue.html_url);
        if (plan.checkRun === "update" && state.checkRunId !== undefined) {
          await updateCheckRun(octokit, repo, state.checkRunId, report);
        } else {
          nextState = { ...nextState, checkRunId: await createCheckRun(octokit, repo, state.sha, report) };
        }
      }
      const body = nextState === plan.state ? plan.body : refreshBody(markers, issue.body ?? "", nextState, { audit: plan.audit });
      if (body !== undefined || plan.issueState) {
        await updateIssue(octokit, repo, issue.number, {
          ...(body !== undefined ? { body } : {}),
          ...(plan.issueState ? { state: plan.issueState.state, state_reason: plan.issueState.reason } : {}),
        });
      }
      context.log.info({ issue: issue.number, changes: plan.changes.length, state: plan.issueState?.state }, "checklist recounted");
    },
  );
}
