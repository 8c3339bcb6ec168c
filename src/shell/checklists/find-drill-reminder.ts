import { drillRecordsIn, drillReminderFor } from "../../checklists/drill-reminder.js";
import { listNewestWithLabel } from "../../github/issues.js";
import { DRILL_LABEL } from "../../rollback/drill.js";
import type { ChecklistShell } from "./checklist-shell.js";

/** Drill issues read to find the last drill: one page, newest first (30 drills is years of them). */
const DRILL_ISSUES_READ = 30;

/**
 * The "a drill is due" reminder for a checklist about to be opened, from the newest issues
 * labelled as drills: one request, and none when `drills.remind` is off. Issues carrying the
 * label without a verified `drill` marker count as no drill. The reminder is a courtesy: if the
 * lookup fails, the checklist is opened without it rather than not at all.
 */
export async function findDrillReminder(shell: ChecklistShell): Promise<string | undefined> {
  const { octokit, repo, config, markers, log } = shell;
  if (!config.drills.remind) return undefined;
  try {
    const issues = await listNewestWithLabel(octokit, repo, DRILL_LABEL, DRILL_ISSUES_READ);
    return drillReminderFor(drillRecordsIn(issues, markers), config.drills, shell.now());
  } catch (error) {
    log.warn({ err: error }, "past drills could not be read; the checklist is opened without the drill reminder");
    return undefined;
  }
}
