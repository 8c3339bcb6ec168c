import type { ChecklistState } from "../../checklists/checklist-state.js";
import { loadTemplate } from "../config/load-template.js";
import { checkRunReport, checklistItems, fillPlaceholders, renderNewChecklist, reportDigest } from "../../checklists/render-checklist.js";
import { reportConfigProblem } from "../config/report-config-problem.js";
import { createCheckRun } from "../../github/check-runs.js";
import { createIssue } from "../../github/issues.js";
import { withDrillReminder } from "../../checklists/drill-reminder.js";
import { findDrillReminder } from "./find-drill-reminder.js";
import { ensureLabel } from "../../github/labels.js";
import { CHECKLIST_LABEL_DESCRIPTION } from "../../messages/checklists.js";
import type { ChecklistShell } from "./checklist-shell.js";

/**
 * Open a new checklist issue from its template, with a check run on `sha` (when there is one),
 * labelled as configured. A template that cannot be read is reported as a config problem and
 * nothing is opened. When a rollback drill is due (and `drills.remind` is on), the new body says
 * so: a new checklist is where maintainers look when a cycle starts. Returns the issue number, or undefined when nothing was opened.
 */
export async function openChecklist(
  shell: ChecklistShell,
  input: { type: "pre-release" | "release"; state: ChecklistState; tag?: string; sha?: string },
): Promise<number | undefined> {
  const { octokit, repo, config, botLogin, markers } = shell;
  const { type } = input;
  const template = await loadTemplate(octokit, repo, config, type);
  if (!template.ok) {
    await reportConfigProblem(octokit, repo, botLogin, markers, template.problem, config.labels.configError);
    return undefined;
  }
  const repository = `${repo.owner}/${repo.repo}`;
  const values = { ...(input.tag ? { tag: input.tag } : {}), repository };
  const filled = fillPlaceholders(template.template, values);
  const label = type === "pre-release" ? config.labels.preRelease : config.labels.release;
  const title = type === "pre-release" ? config.checklists.preRelease.title : config.checklists.release.title;
  const report = checkRunReport(checklistItems(filled));
  const reminder = await findDrillReminder(shell);

  await ensureLabel(octokit, repo, label, CHECKLIST_LABEL_DESCRIPTION);
  const checkRunId = input.sha ? await createCheckRun(octokit, repo, input.sha, report) : undefined;
  const state: ChecklistState = { ...input.state, ...(checkRunId !== undefined ? { checkRunId, checkRunComplete: report.complete, reported: reportDigest(report) } : {}) };
  const issue = await createIssue(octokit, repo, {
    title: fillPlaceholders(title, values),
    body: withDrillReminder(renderNewChecklist({ markers, state, template: filled }), reminder),
    labels: [label],
  });
  return issue.number;
}
