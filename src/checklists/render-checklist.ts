import { firstLine, inert } from "../markdown/escape.js";
import { bareVersion } from "../versions/versions.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readSection, sectionBounds, withoutSections, writeSection } from "../markers/sections.js";
import type { CheckRunReport } from "../github/check-runs.js";
import { CHECKLIST_MARKER, toMarkerData, type ChecklistState } from "./checklist-state.js";
import { parseTaskList, progressOf, type Progress, type TaskItem } from "./parse-task-list.js";
import type { TickChange } from "./diff-ticks.js";

/** Sections of a checklist body that Anvil owns and rewrites; the rest belongs to humans. */
const OWNED_SECTIONS = ["status", "changes", "audit", "record"] as const;
const MAX_COMMITS = 50;
const MAX_AUDIT_ENTRIES = 100;

export interface CommitSummary {
  sha: string;
  message: string;
  author?: string;
}

/** Fill `{{tag}}`, `{{version}}` and `{{repository}}` in a template or title. */
export function fillPlaceholders(text: string, values: { tag?: string; repository: string }): string {
  const tag = values.tag ?? "";
  return text
    .replace(/\{\{\s*tag\s*\}\}/g, tag)
    .replace(/\{\{\s*version\s*\}\}/g, bareVersion(tag))
    .replace(/\{\{\s*repository\s*\}\}/g, values.repository);
}

/** The body without Anvil's own sections, i.e. only what humans maintain (the checklist itself). */
export function humanPart(body: string): string {
  return withoutSections(body, OWNED_SECTIONS);
}

export function checklistItems(body: string): TaskItem[] {
  return parseTaskList(humanPart(body));
}

export function renderStatus(progress: Progress, state: ChecklistState): string {
  const done = progress.complete ? "✅ " : "";
  const parts = [`${done}**Progress: ${progress.done} / ${progress.total} done**`];
  if (state.type === "pre-release" && state.sha) parts.push(`tracking \`${state.sha.slice(0, 7)}\`${state.branch ? ` on \`${state.branch}\`` : ""}`);
  if (state.type === "release" && state.tag) parts.push(`release \`${state.tag}\``);
  if (state.releasedAs) parts.push(`shipped as \`${state.releasedAs}\`${state.completeAtRelease ? "" : " ⚠️ before this checklist was complete"}`);
  return parts.join(" · ");
}

export function renderChanges(commits: readonly CommitSummary[], after: string | null | undefined): string {
  const shown = commits.slice(-MAX_COMMITS);
  const hidden = commits.length - shown.length;
  const lines = shown.map((commit) => `- \`${commit.sha.slice(0, 7)}\` ${inert(firstLine(commit.message))}${commit.author ? ` (${inert(commit.author, 40)})` : ""}`);
  if (hidden > 0) lines.unshift(`- … and ${hidden} earlier commits`);
  const since = after ? `since \`${after}\`` : "so far";
  return [`<details><summary>Changes ${since} (${commits.length} commit${commits.length === 1 ? "" : "s"})</summary>`, "", ...lines, "", "</details>"].join("\n");
}

/** Commits already listed in a body's changes section (by short sha), so pushes are not listed twice. */
export function listedCommits(body: string): CommitSummary[] {
  const section = readSection(body, "changes") ?? "";
  const commits: CommitSummary[] = [];
  for (const match of section.matchAll(/^- `([0-9a-f]{7,40})` (.*?)(?: \(([^()]*)\))?$/gm)) {
    commits.push({ sha: match[1] ?? "", message: match[2] ?? "", ...(match[3] ? { author: match[3] } : {}) });
  }
  return commits;
}

export function mergeCommits(existing: readonly CommitSummary[], incoming: readonly CommitSummary[]): CommitSummary[] {
  const seen = new Set(existing.map((commit) => commit.sha.slice(0, 7)));
  const added = incoming.filter((commit) => !seen.has(commit.sha.slice(0, 7)));
  return [...existing, ...added];
}

export interface AuditEntry {
  at: string;
  actor: string;
  change: TickChange;
}

function auditLines(body: string): string[] {
  const section = readSection(body, "audit") ?? "";
  return section.split("\n").filter((line) => line.startsWith("- "));
}

export function renderAudit(body: string, entries: readonly AuditEntry[]): string {
  const lines = [
    ...auditLines(body),
    ...entries.map(
      (entry) => `- ${entry.at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")} — ${inert(entry.actor, 40)} ${entry.change.change} “${inert(entry.change.text, 120)}”`,
    ),
  ].slice(-MAX_AUDIT_ENTRIES);
  return [`<details><summary>Checklist activity (${lines.length})</summary>`, "", ...lines, "", "</details>"].join("\n");
}

/** A brand-new checklist issue body. */
export function renderNewChecklist(input: {
  markers: MarkerCodec;
  state: ChecklistState;
  template: string;
  commits?: readonly CommitSummary[];
}): string {
  const items = parseTaskList(input.template);
  let body = `${input.markers.encode(CHECKLIST_MARKER, toMarkerData(input.state))}\n${sectionBounds("status").start}\n${renderStatus(progressOf(items), input.state)}\n${sectionBounds("status").end}\n\n${input.template.trim()}\n`;
  if (input.state.type === "pre-release") body = writeSection(body, "changes", renderChanges(input.commits ?? [], input.state.after));
  return body;
}

/** Re-render Anvil's parts of an existing body (state marker, status line) without touching the checklist. */
export function refreshBody(markers: MarkerCodec, body: string, state: ChecklistState, extra: { commits?: readonly CommitSummary[]; audit?: readonly AuditEntry[] } = {}): string {
  let next = markers.upsert(body, CHECKLIST_MARKER, toMarkerData(state));
  next = writeSection(next, "status", renderStatus(progressOf(checklistItems(next)), state));
  if (extra.commits) next = writeSection(next, "changes", renderChanges(extra.commits, state.after));
  if (extra.audit && extra.audit.length > 0) next = writeSection(next, "audit", renderAudit(next, extra.audit));
  return next;
}

/** Move the status section to the top (writeSection appends a missing one at the end). */
export function remaining(items: readonly TaskItem[]): TaskItem[] {
  return items.filter((item) => !item.checked);
}

export function renderRemainingList(items: readonly TaskItem[], max = 50): string {
  const left = remaining(items);
  const lines = left.slice(0, max).map((item) => `- ${item.section ? `${inert(item.section, 60)}: ` : ""}${inert(item.text, 200)}`);
  if (left.length > max) lines.push(`- … and ${left.length - max} more`);
  return lines.join("\n");
}

export function checkRunReport(items: readonly TaskItem[], issueUrl?: string): CheckRunReport {
  const progress = progressOf(items);
  const title = progress.total === 0 ? "The checklist has no items" : `${progress.done} / ${progress.total} items done`;
  return {
    complete: progress.complete || progress.total === 0,
    title,
    summary: progress.complete || progress.total === 0
      ? "Every item of the release checklist is ticked."
      : `${progress.total - progress.done} item${progress.total - progress.done === 1 ? "" : "s"} left on the release checklist${issueUrl ? ` (${issueUrl})` : ""}:\n\n${renderRemainingList(items)}`,
    ...(issueUrl ? { detailsUrl: issueUrl } : {}),
  };
}
