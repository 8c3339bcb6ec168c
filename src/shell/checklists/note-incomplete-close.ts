import { progressOf } from "../../checklists/parse-task-list.js";
import { checklistItems, remaining } from "../../checklists/render-checklist.js";
import { commentOnIssue, listOwnComments } from "../../github/issues.js";
import { closedIncompleteNote } from "../../messages/checklists.js";
import type { ChecklistShell } from "./checklist-shell.js";

const CLOSED_NOTE_MARKER = "closed-incomplete";

/**
 * A human closed a checklist with boxes still unticked: leave one short note of what was left,
 * so the decision is on record. Once per closing: a redelivery finds the note by its signed
 * marker, which records the closing time.
 */
export async function noteIncompleteClose(shell: ChecklistShell, closing: { number: number; body: string; closedAt: string; closedBy: string }): Promise<void> {
  const { octokit, repo, botLogin, markers } = shell;
  const comments = await listOwnComments(octokit, repo, closing.number, botLogin);
  if (comments.some((comment) => markers.find(comment.body, CLOSED_NOTE_MARKER)?.closedAt === closing.closedAt)) return;

  const items = checklistItems(closing.body);
  const note = closedIncompleteNote(closing.closedBy, progressOf(items), remaining(items));
  await commentOnIssue(octokit, repo, closing.number, `${markers.encode(CLOSED_NOTE_MARKER, { closedAt: closing.closedAt })}\n${note}`);
}
