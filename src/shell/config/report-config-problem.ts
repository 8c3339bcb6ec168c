import type { ConfigProblem } from "../../config/resolve-config.js";
import type { MarkerCodec } from "../../markers/codec.js";
import { createIssue, findOwnIssues, updateIssue } from "../../github/issues.js";
import { ensureLabel } from "../../github/labels.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import { renderConfigProblemIssue } from "../../messages/config-problem.js";

export const CONFIG_PROBLEM_MARKER = "config-problem";

export function isConfigProblem(issue: { body: string }, markers: MarkerCodec): boolean {
  return markers.find(issue.body, CONFIG_PROBLEM_MARKER) !== undefined;
}

/**
 * Tell the maintainers, once, that Anvil will not act on this repository until its config is
 * fixed: one open issue, created the first time, edited only when the problem changes, and
 * closed by `resolveConfigProblem` when a later push or release finds the config valid again.
 */
export async function reportConfigProblem(
  octokit: GitHub,
  repo: RepoRef,
  botLogin: string,
  markers: MarkerCodec,
  problem: ConfigProblem,
  label: string,
): Promise<"created" | "updated" | "unchanged"> {
  const [existing] = await findOwnIssues(octokit, repo, botLogin, (issue) => issue.state === "open" && isConfigProblem(issue, markers));
  const { title, body } = renderConfigProblemIssue(problem);
  const fullBody = `${markers.encode(CONFIG_PROBLEM_MARKER, { file: problem.file, key: problem.key ?? null })}\n${body}`;
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
    if (issue.state !== "open" || !isConfigProblem(issue, markers)) continue;
    await updateIssue(octokit, repo, issue.number, {
      body: `${issue.body}\n\n---\n✅ The configuration is valid again; Anvil is active in this repository.`,
      state: "closed",
      state_reason: "completed",
    });
  }
}
