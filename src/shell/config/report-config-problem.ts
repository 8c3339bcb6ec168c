import type { Context } from "probot";
import type { EmitterWebhookEventName } from "@octokit/webhooks";
import type { ConfigProblem } from "../../config/resolve-config.js";
import { DEFAULT_CONFIG_ERROR_LABEL } from "../../config/schema.js";
import type { AppIdentity } from "../../github/app-identity.js";
import { markerCodec, type MarkerCodec } from "../../markers/codec.js";
import { createIssue, findOwnIssues, updateIssue } from "../../github/issues.js";
import { ensureLabel } from "../../github/labels.js";
import { getRepositoryId } from "../../github/repositories.js";
import { hasStatus, type GitHub, type RepoRef } from "../../github/types.js";
import { renderConfigProblemIssue, renderConfigProblemResolved } from "../../messages/config-problem.js";
import { serializePerRepository } from "../../runtime/serialize-per-key.js";

export const CONFIG_PROBLEM_MARKER = "config-problem";

/** Where warnings go when the organization's repository cannot be written to. */
export interface WarningLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export function isConfigProblem(issue: { body: string }, markers: MarkerCodec): boolean {
  return markers.find(issue.body, CONFIG_PROBLEM_MARKER) !== undefined;
}

export type ReportOutcome = "created" | "updated" | "unchanged" | "unreachable";

/**
 * Tell the maintainers, once, that Anvil will not act until the configuration is fixed: one open
 * issue, created the first time, edited only when the problem changes, and closed by
 * `resolveConfigProblem` when a later event finds the configuration valid again.
 *
 * A problem in the repository's own file is reported in the repository. A problem in the
 * organization's file is reported in the organization's `.github` repository (where that file
 * lives), once for the whole organization, not in every repository whose event found it. When
 * Anvil cannot reach that repository (not installed there: 403/404), it logs a warning and goes on.
 */
export async function reportConfigProblem(
  octokit: GitHub,
  repo: RepoRef,
  botLogin: string,
  markers: MarkerCodec,
  problem: ConfigProblem,
  label: string,
  log?: WarningLog,
): Promise<ReportOutcome> {
  if (problem.scope !== "organization" || repo.repo === ".github") {
    return reportIn(octokit, repo, botLogin, markers, problem, label);
  }
  const orgRepo = { owner: repo.owner, repo: ".github" };
  // Events of different repositories run concurrently; the organization's issue is one.
  return serializePerRepository(`${orgRepo.owner}/${orgRepo.repo}`, async () => {
    try {
      const orgMarkers = markerCodec(String(await getRepositoryId(octokit, orgRepo)));
      return await reportIn(octokit, orgRepo, botLogin, orgMarkers, problem, label);
    } catch (error) {
      if (!hasStatus(error, 403, 404)) throw error;
      log?.warn({ file: problem.file, status: (error as { status: number }).status }, `the organization's Anvil configuration is invalid, but ${orgRepo.owner}/.github cannot be written to (is Anvil installed there?): not reporting it there`);
      return "unreachable";
    }
  });
}

/**
 * A handler's `onConfigProblem` for events that should tell the maintainers (push, release): the
 * configuration could not be read, so its label is the default one.
 */
export async function reportConfigProblemOf<E extends EmitterWebhookEventName>(context: Context<E>, problem: ConfigProblem, identity: AppIdentity, markers: MarkerCodec): Promise<void> {
  await reportConfigProblem(context.octokit, context.repo(), identity.botLogin, markers, problem, DEFAULT_CONFIG_ERROR_LABEL, context.log);
}

async function reportIn(octokit: GitHub, repo: RepoRef, botLogin: string, markers: MarkerCodec, problem: ConfigProblem, label: string): Promise<ReportOutcome> {
  const [existing] = await findOwnIssues(octokit, repo, botLogin, (issue) => issue.state === "open" && isConfigProblem(issue, markers));
  const { title, body } = renderConfigProblemIssue(problem);
  const fullBody = `${markers.encode(CONFIG_PROBLEM_MARKER, { file: problem.file, key: problem.key ?? null, scope: problem.scope })}\n${body}`;
  if (existing) {
    if (existing.body === fullBody && existing.title === title) return "unchanged";
    await updateIssue(octokit, repo, existing.number, { title, body: fullBody });
    return "updated";
  }
  await ensureLabel(octokit, repo, label, "Anvil needs attention");
  await createIssue(octokit, repo, { title, body: fullBody, labels: [label] });
  return "created";
}

/**
 * The configuration is valid again: close the open config-problem issue, if any. Callers pass
 * the issues they already listed, so this costs a request only when there is one to close.
 */
export async function resolveConfigProblem(octokit: GitHub, repo: RepoRef, markers: MarkerCodec, openProblems: ReadonlyArray<{ number: number; body: string; state: string }>): Promise<void> {
  for (const issue of openProblems) {
    const marker = issue.state === "open" ? markers.find(issue.body, CONFIG_PROBLEM_MARKER) : undefined;
    if (!marker) continue;
    await updateIssue(octokit, repo, issue.number, {
      body: `${issue.body}\n\n---\n${renderConfigProblemResolved(marker.scope === "organization" ? "organization" : "repository")}`,
      state: "closed",
      state_reason: "completed",
    });
  }
}

/**
 * In the organization's `.github` repository, whose file is the organization's: once that file
 * loads fine, close the open config-problem issue there. Runs for every event of that repository,
 * before the `enabled` switch (organizations often set `enabled: false` there), and costs one
 * listing of Anvil's own issues.
 */
export async function resolveOrganizationConfigProblem(octokit: GitHub, repo: RepoRef, botLogin: string, markers: MarkerCodec): Promise<void> {
  if (repo.repo !== ".github") return;
  const open = await findOwnIssues(octokit, repo, botLogin, (issue) => issue.state === "open" && isConfigProblem(issue, markers));
  await resolveConfigProblem(octokit, repo, markers, open);
}
