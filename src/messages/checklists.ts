import { firstLine, inert } from "../markdown/escape.js";
import type { ChecklistState } from "../checklists/checklist-state.js";
import type { Progress, TaskItem } from "../checklists/parse-task-list.js";
import type { TickChange } from "../checklists/diff-ticks.js";

/**
 * Everything a reader sees of a checklist that Anvil writes: the progress line, the collapsed
 * changes and activity sections, the check run's text and the note on an incomplete close.
 * People's text (commit messages, usernames, item text) always goes through `inert`.
 */

/** The description of the labels Anvil puts on its checklists. */
export const CHECKLIST_LABEL_DESCRIPTION = "Release checklist tracked by Anvil";

/** `✅ **Progress: 3 / 12 done** · tracking `abc1234` on `main`` */
export function statusLine(progress: Progress, state: ChecklistState): string {
  const done = progress.complete ? "✅ " : "";
  const parts = [`${done}**Progress: ${progress.done} / ${progress.total} done**`];
  if (state.type === "pre-release" && state.sha) parts.push(`tracking \`${state.sha.slice(0, 7)}\`${state.branch ? ` on \`${state.branch}\`` : ""}`);
  if (state.type === "release" && state.tag) parts.push(`release \`${state.tag}\``);
  if (state.releasedAs) parts.push(`shipped as \`${state.releasedAs}\`${state.completeAtRelease ? "" : " ⚠️ before this checklist was complete"}`);
  return parts.join(" · ");
}

export interface CommitLine {
  sha: string;
  message: string;
  author?: string;
}

/** One pushed commit: short sha, the subject line, who wrote it. */
export function commitLine(commit: CommitLine): string {
  return `- \`${commit.sha.slice(0, 7)}\` ${inert(firstLine(commit.message))}${commit.author ? ` (${inert(commit.author, 40)})` : ""}`;
}

/** The collapsed list of commits of this cycle; `total` counts the earlier ones not shown too. */
export function changesSection(shown: readonly CommitLine[], total: number, after: string | null | undefined): string {
  const hidden = total - shown.length;
  const lines = shown.map(commitLine);
  if (hidden > 0) lines.unshift(`- … and ${hidden} earlier commit${hidden === 1 ? "" : "s"}`);
  const since = after ? `since \`${after}\`` : "so far";
  return [`<details><summary>Changes ${since} (${total} commit${total === 1 ? "" : "s"})</summary>`, "", ...lines, "", "</details>"].join("\n");
}

/** `- 2026-11-25 10:00:00 UTC — alice ticked “one”` */
export function auditLine(entry: { at: string; actor: string; change: TickChange }): string {
  return `- ${entry.at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")} — ${inert(entry.actor, 40)} ${entry.change.change} “${inert(entry.change.text, 120)}”`;
}

export function auditSection(lines: readonly string[]): string {
  return [`<details><summary>Checklist activity (${lines.length})</summary>`, "", ...lines, "", "</details>"].join("\n");
}

/** What is left, one line per unticked item, under the section it belongs to. */
export function remainingList(left: readonly TaskItem[], max = 50): string {
  const lines = left.slice(0, max).map((item) => `- ${item.section ? `${inert(item.section, 60)}: ` : ""}${inert(item.text, 200)}`);
  if (left.length > max) lines.push(`- … and ${left.length - max} more`);
  return lines.join("\n");
}

/** The check run's title and summary for a checklist's progress. */
export function checkRunText(progress: Progress, left: readonly TaskItem[], issueUrl?: string): { title: string; summary: string } {
  const title = progress.total === 0 ? "The checklist has no items" : `${progress.done} / ${progress.total} items done`;
  const open = progress.total - progress.done;
  const summary =
    progress.complete || progress.total === 0
      ? "Every item of the release checklist is ticked."
      : `${open} item${open === 1 ? "" : "s"} left on the release checklist${issueUrl ? ` (${issueUrl})` : ""}:\n\n${remainingList(left)}`;
  return { title, summary };
}

/** The one note left when a human closes a checklist with boxes unticked. */
export function closedIncompleteNote(closedBy: string, progress: Progress, left: readonly TaskItem[]): string {
  return [
    `This checklist was closed by ${inert(closedBy, 40)} with ${progress.total - progress.done} of ${progress.total} items not ticked:`,
    "",
    remainingList(left),
    "",
    "Reopen the issue to keep tracking it; the check run keeps reporting the items as open.",
  ].join("\n");
}
