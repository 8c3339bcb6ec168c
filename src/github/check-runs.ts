import type { GitHub, RepoRef } from "./types.js";

export const CHECK_RUN_NAME = "Release checklist";

/** What the check run should say: derived from a checklist's progress by the planner. */
export interface CheckRunReport {
  /** `success` once complete; otherwise the run stays `in_progress`, which a required check treats as pending. */
  complete: boolean;
  title: string;
  summary: string;
  text?: string;
  detailsUrl?: string;
}

function fields(report: CheckRunReport) {
  const output = { title: report.title, summary: report.summary, ...(report.text ? { text: report.text } : {}) };
  return report.complete
    ? { status: "completed" as const, conclusion: "success" as const, output }
    : { status: "in_progress" as const, output };
}

export async function createCheckRun(octokit: GitHub, repo: RepoRef, headSha: string, report: CheckRunReport): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_RUN_NAME,
    head_sha: headSha,
    ...(report.detailsUrl ? { details_url: report.detailsUrl } : {}),
    ...fields(report),
  });
  return data.id;
}

export async function updateCheckRun(octokit: GitHub, repo: RepoRef, checkRunId: number, report: CheckRunReport): Promise<void> {
  await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, ...fields(report) });
}
