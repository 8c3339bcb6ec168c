import type { Context } from "probot";
import { readChecklistState } from "../checklists/checklist-state.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { MarkerCodec } from "../markers/codec.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { recountChecklist } from "../shell/checklists/recount-checklist.js";

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

/** `issues.edited` on one of Anvil's checklists → recount it. */
export function onChecklistEdited(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"issues.edited">(
    identity,
    { relevant: (context, markers) => isChecklistBodyEdit(context.payload, markers) },
    async (event) => {
      const { issue, changes, sender } = event.context.payload;
      // A marker copied into someone else's issue is not a checklist of ours.
      if (issue.user?.login !== event.identity.botLogin) return;
      await recountChecklist(checklistShell(event), {
        number: issue.number,
        before: changes.body?.from ?? "",
        after: issue.body ?? "",
        actor: sender.login,
        at: issue.updated_at,
      });
    },
  );
}
