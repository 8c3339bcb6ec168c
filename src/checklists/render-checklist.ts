import { bareVersion } from "../versions/versions.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readSection, sectionBounds, withoutSections, writeSection } from "../markers/sections.js";
import { auditLine, auditSection, changesSection, checkRunText, remainingList, statusLine } from "../messages/checklists.js";
import type { ChecklistReport } from "./checklist-issue.js";
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
  return statusLine(progress, state);
}

export function renderChanges(commits: readonly CommitSummary[], after: string | null | undefined): string {
  return changesSection(commits.slice(-MAX_COMMITS), commits.length, after);
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
  return auditSection([...auditLines(body), ...entries.map(auditLine)].slice(-MAX_AUDIT_ENTRIES));
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

/** The items not ticked yet. */
export function remaining(items: readonly TaskItem[]): TaskItem[] {
  return items.filter((item) => !item.checked);
}

export function renderRemainingList(items: readonly TaskItem[], max = 50): string {
  return remainingList(remaining(items), max);
}

export function checkRunReport(items: readonly TaskItem[], issueUrl?: string): ChecklistReport {
  const progress = progressOf(items);
  return {
    complete: progress.complete || progress.total === 0,
    ...checkRunText(progress, remaining(items), issueUrl),
    ...(issueUrl ? { detailsUrl: issueUrl } : {}),
  };
}

