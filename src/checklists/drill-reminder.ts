import type { MarkerCodec } from "../markers/codec.js";
import { sectionBounds, writeSection } from "../markers/sections.js";
import { renderDrillReminder } from "../messages/drill.js";
import { DRILL_LABEL, DRILL_MARKER, drillDue, drillRecordSchema, type DrillRecord } from "../rollback/drill.js";

/**
 * The "a rollback drill is due" reminder on a checklist Anvil opens (issue 12). It sits in an
 * Anvil-owned section of the body, so rewrites keep it once and never touch human text around it.
 */
export const DRILL_REMINDER_SECTION = "drill-reminder";

export interface DrillReminderConfig {
  intervalDays: number;
  remind: boolean;
}

/**
 * The drill records among `issues`: only issues labelled as drills whose `drill` marker verifies
 * (an unsigned, edited or forged marker is absent) and whose data has the record's shape.
 */
export function drillRecordsIn(issues: readonly { body: string; labels: readonly string[] }[], markers: MarkerCodec): DrillRecord[] {
  return issues.flatMap((issue) => {
    if (!issue.labels.includes(DRILL_LABEL)) return [];
    const parsed = drillRecordSchema.safeParse(markers.find(issue.body, DRILL_MARKER));
    return parsed.success ? [parsed.data] : [];
  });
}

/** The reminder's text for a new checklist, or undefined when reminders are off or no drill is due. */
export function drillReminderFor(records: readonly DrillRecord[], config: DrillReminderConfig, now: Date): string | undefined {
  if (!config.remind) return undefined;
  const due = drillDue(records, config.intervalDays, now);
  return due.due ? renderDrillReminder(due, config.intervalDays) : undefined;
}

/**
 * A new checklist's body with the reminder as its own section right below the status line, where
 * maintainers look first (nothing changes when there is no reminder).
 */
export function withDrillReminder(body: string, reminder: string | undefined): string {
  if (reminder === undefined) return body;
  const { start, end } = sectionBounds(DRILL_REMINDER_SECTION);
  const statusEnd = sectionBounds("status").end;
  const at = body.indexOf(statusEnd);
  if (at < 0) return writeSection(body, DRILL_REMINDER_SECTION, reminder);
  const after = at + statusEnd.length;
  return `${body.slice(0, after)}\n\n${start}\n${reminder}\n${end}${body.slice(after)}`;
}

/** The body without the reminder's section and the blank line that set it apart; the rest byte for byte. */
export function withoutDrillReminder(body: string): string {
  const { start, end } = sectionBounds(DRILL_REMINDER_SECTION);
  const from = body.indexOf(start);
  const to = from < 0 ? -1 : body.indexOf(end, from + start.length);
  if (from < 0 || to < 0) return body;
  const head = body.slice(0, from);
  return (head.endsWith("\n\n") ? head.slice(0, -2) : head) + body.slice(to + end.length);
}

/**
 * A body about to be rewritten, without the reminder when it no longer applies: reminders were
 * turned off, or `seen` (drills among the issues the rewrite read anyway) shows one within the
 * interval. Seeing no drill proves nothing (that listing may stop early), so the reminder then stays.
 */
export function refreshDrillReminder(body: string, seen: readonly DrillRecord[], config: DrillReminderConfig, now: Date): string {
  const stale = !config.remind || (seen.length > 0 && !drillDue(seen, config.intervalDays, now).due);
  return stale ? withoutDrillReminder(body) : body;
}
