import { firstLine } from "../markdown/escape.js";
import { bareVersion } from "../versions/versions.js";
import type { MarkerCodec } from "../markers/codec.js";
import { readSection, sectionBounds, withoutSections, writeSection } from "../markers/sections.js";
import { auditLine, auditSection, changesSection, checkRunText, statusLine } from "../messages/checklists.js";
import type { ChecklistReport } from "./checklist-issue.js";
import { CHECKLIST_MARKER, toMarkerData, type ChecklistState } from "./checklist-state.js";
import { parseTaskList, progressOf, type Progress, type TaskItem } from "./parse-task-list.js";
import type { TickChange } from "./diff-ticks.js";
import { DRILL_REMINDER_SECTION } from "./drill-reminder.js";

/** Sections of a checklist body that Anvil owns and rewrites; the rest belongs to humans. */
const OWNED_SECTIONS = ["status", "changes", "audit", "record", DRILL_REMINDER_SECTION] as const;
/** Commits kept (and shown) per cycle; older ones are only counted. */
export const MAX_COMMITS = 50;
const MAX_AUDIT_ENTRIES = 100;
/** A subject longer than this is shown shortened; one more character is kept so the "…" shows. */
const MAX_SUBJECT = 120;

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

/**
 * A commit as the marker keeps it: the raw subject line, whitespace collapsed and bounded. Text
 * is escaped only when rendered, from this data, so rendering it again gives the same bytes.
 */
export function recordCommit(commit: CommitSummary): CommitSummary {
  const subject = firstLine(commit.message).replace(/\s+/g, " ").trim();
  const message = subject.length > MAX_SUBJECT ? subject.slice(0, MAX_SUBJECT + 1) : subject;
  return { sha: commit.sha, message, ...(commit.author ? { author: commit.author.slice(0, 41) } : {}) };
}

/** The changes section, rendered from the commits and count kept in the state. */
export function renderChanges(state: ChecklistState): string {
  const commits = state.commits ?? [];
  return changesSection(commits, Math.max(state.commitCount ?? commits.length, commits.length), state.after);
}

/** The text `inert` escaped, back to what it was (for checklists written before commits were kept in the marker). */
export function unescapeInert(text: string): string {
  return text
    .replace(/\\([\\`*_[\]|~])/g, "$1")
    .replace(/@\u200b/g, "@")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Commits listed in the changes section of a checklist written before the marker kept them:
 * read back and unescaped exactly once, with the count its summary line gave.
 */
export function legacyCommits(body: string): { commits: CommitSummary[]; commitCount: number } {
  const section = readSection(body, "changes") ?? "";
  const commits: CommitSummary[] = [];
  for (const match of section.matchAll(/^- `([0-9a-f]{7,40})` (.*?)(?: \(([^()]*)\))?$/gm)) {
    commits.push({ sha: match[1] ?? "", message: unescapeInert(match[2] ?? ""), ...(match[3] ? { author: unescapeInert(match[3]) } : {}) });
  }
  const counted = /\((\d+) commits?\)<\/summary>/.exec(section)?.[1];
  return { commits, commitCount: Math.max(counted ? Number(counted) : 0, commits.length) };
}

/** Whether two shas name the same commit (checklists written before full shas were kept list 7 characters). */
export function sameCommit(a: string, b: string): boolean {
  return a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));
}

/**
 * The state's commits with `incoming` added (each commit once, oldest first), keeping the newest
 * `MAX_COMMITS` and counting all of them.
 */
export function addCommits(state: ChecklistState, body: string, incoming: readonly CommitSummary[]): { commits: CommitSummary[]; commitCount: number } {
  const known = state.commits ? { commits: state.commits, commitCount: state.commitCount ?? state.commits.length } : legacyCommits(body);
  const added = incoming.map(recordCommit).filter((commit, index, all) => !known.commits.some((seen) => sameCommit(seen.sha, commit.sha)) && all.findIndex((other) => other.sha === commit.sha) === index);
  return { commits: [...known.commits, ...added].slice(-MAX_COMMITS), commitCount: known.commitCount + added.length };
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

/** The audit section with `entries` added; an entry already recorded (a redelivered edit) is not added twice. */
export function renderAudit(body: string, entries: readonly AuditEntry[]): string {
  const lines = auditLines(body);
  for (const line of entries.map(auditLine)) if (!lines.includes(line)) lines.push(line);
  return auditSection(lines.slice(-MAX_AUDIT_ENTRIES));
}

/** A brand-new checklist issue body. */
export function renderNewChecklist(input: { markers: MarkerCodec; state: ChecklistState; template: string }): string {
  const items = parseTaskList(input.template);
  let body = `${input.markers.encode(CHECKLIST_MARKER, toMarkerData(input.state))}\n${sectionBounds("status").start}\n${renderStatus(progressOf(items), input.state)}\n${sectionBounds("status").end}\n\n${input.template.trim()}\n`;
  if (input.state.type === "pre-release") body = writeSection(body, "changes", renderChanges(input.state));
  return body;
}

/**
 * Re-render Anvil's parts of a body (state marker, status line, changes, audit) from `state`,
 * leaving everything else — the checklist and whatever humans wrote — exactly as it is.
 * Applied to a body read right before writing, so a human's edit made meanwhile survives.
 */
export function refreshBody(markers: MarkerCodec, body: string, state: ChecklistState, extra: { audit?: readonly AuditEntry[] } = {}): string {
  let next = markers.upsert(body, CHECKLIST_MARKER, toMarkerData(state));
  next = writeSection(next, "status", renderStatus(progressOf(checklistItems(next)), state));
  if (state.type === "pre-release" && state.commits) next = writeSection(next, "changes", renderChanges(state));
  if (extra.audit && extra.audit.length > 0) next = writeSection(next, "audit", renderAudit(next, extra.audit));
  return next;
}

/** The items not ticked yet. */
export function remaining(items: readonly TaskItem[]): TaskItem[] {
  return items.filter((item) => !item.checked);
}

export function checkRunReport(items: readonly TaskItem[], issueUrl?: string): ChecklistReport {
  const progress = progressOf(items);
  return {
    complete: progress.complete || progress.total === 0,
    ...checkRunText(progress, remaining(items), issueUrl),
    ...(issueUrl ? { detailsUrl: issueUrl } : {}),
  };
}

/** A short digest of what a check run says (FNV-1a over its text), kept in the marker. */
export function reportDigest(report: ChecklistReport): string {
  let hash = 0x811c9dc5;
  for (const char of `${report.complete}\n${report.title}\n${report.summary}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
