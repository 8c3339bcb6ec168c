import { readChecklistState } from "../checklists/checklist-state.js";
import { progressOf } from "../checklists/parse-task-list.js";
import { checklistItems, renderRemainingList } from "../checklists/render-checklist.js";
import type { AppIdentity } from "../github/app-identity.js";
import { commentOnIssue, listOwnComments } from "../github/issues.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";

const CLOSED_NOTE_MARKER = "closed-incomplete";

/**
 * A human closed a checklist with boxes still unticked: leave one short note of what was left,
 * so the decision is on record. Once per closing (redeliveries find the note by its marker).
 */
export function onChecklistClosed(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"issues.closed">(
    identity,
    {
      relevant: ({ payload }, markers) =>
        !isBotAccount(payload.sender) &&
        readChecklistState(payload.issue.body, markers) !== undefined &&
        !progressOf(checklistItems(payload.issue.body ?? "")).complete,
    },
    async ({ context, octokit, repo, identity: me, markers }) => {
      const { issue, sender } = context.payload;
      if (issue.user?.login !== me.botLogin) return;
      const closedAt = issue.closed_at ?? issue.updated_at;
      const comments = await listOwnComments(octokit, repo, issue.number, me.botLogin);
      if (comments.some((comment) => markers.find(comment.body, CLOSED_NOTE_MARKER)?.closedAt === closedAt)) return;

      const items = checklistItems(issue.body ?? "");
      const progress = progressOf(items);
      const body = [
        markers.encode(CLOSED_NOTE_MARKER, { closedAt }),
        `This checklist was closed by ${sender.login} with ${progress.total - progress.done} of ${progress.total} items not ticked:`,
        "",
        renderRemainingList(items),
        "",
        "Reopen the issue to keep tracking it; the check run keeps reporting the items as open.",
      ].join("\n");
      await commentOnIssue(octokit, repo, issue.number, body);
    },
  );
}
