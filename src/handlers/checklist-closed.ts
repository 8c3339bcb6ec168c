import { readChecklistState } from "../checklists/checklist-state.js";
import { progressOf } from "../checklists/parse-task-list.js";
import { checklistItems } from "../checklists/render-checklist.js";
import type { AppIdentity } from "../github/app-identity.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { noteIncompleteClose } from "../shell/checklists/note-incomplete-close.js";

/** `issues.closed` by a human on one of Anvil's checklists with boxes left → one note of what was left. */
export function onChecklistClosed(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"issues.closed">(
    identity,
    {
      relevant: ({ payload }, markers) =>
        !isBotAccount(payload.sender) &&
        readChecklistState(payload.issue.body, markers) !== undefined &&
        !progressOf(checklistItems(payload.issue.body ?? "")).complete,
    },
    async (event) => {
      const { issue, sender } = event.context.payload;
      if (issue.user?.login !== event.identity.botLogin) return;
      await noteIncompleteClose(checklistShell(event), { number: issue.number, body: issue.body ?? "", closedAt: issue.closed_at ?? issue.updated_at, closedBy: sender.login });
    },
  );
}
