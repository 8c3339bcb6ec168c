import type { GitHub, RepoRef } from "./types.js";

/** The fields of a pull request Anvil reads. */
export interface PullSnapshot {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  title: string;
  body: string;
  htmlUrl: string;
  head: string;
  base: string;
  /** Who opened it (an app's pull requests are opened by its `<slug>[bot]` user). */
  author: string | undefined;
}

interface RawPull {
  number: number;
  state: string;
  merged_at?: string | null;
  merged?: boolean | null;
  title: string;
  body?: string | null;
  html_url: string;
  head: { ref: string };
  base: { ref: string };
  user?: { login: string } | null;
}

function toPullSnapshot(pull: RawPull): PullSnapshot {
  return {
    number: pull.number,
    state: pull.state === "closed" ? "closed" : "open",
    merged: Boolean(pull.merged_at) || pull.merged === true,
    title: pull.title,
    body: pull.body ?? "",
    htmlUrl: pull.html_url,
    head: pull.head.ref,
    base: pull.base.ref,
    author: pull.user?.login,
  };
}

export async function createPullRequest(
  octokit: GitHub,
  repo: RepoRef,
  pull: { head: string; base: string; title: string; body: string },
): Promise<PullSnapshot> {
  const { data } = await octokit.rest.pulls.create({ ...repo, ...pull });
  return toPullSnapshot(data as RawPull);
}

/**
 * Pull requests (open and closed, newest first) from `branch` of this repository. The list
 * endpoint's `head=<owner>:<branch>` filter is exact, and unlike search it is consistent, so a
 * pull request opened a moment ago is found and never opened twice.
 */
export async function findPullsByHead(octokit: GitHub, repo: RepoRef, branch: string): Promise<PullSnapshot[]> {
  const { data } = await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "all", sort: "created", direction: "desc", per_page: 100 });
  return (data as RawPull[]).map(toPullSnapshot).filter((pull) => pull.head === branch);
}

export async function closePullRequest(octokit: GitHub, repo: RepoRef, number: number): Promise<PullSnapshot> {
  const { data } = await octokit.rest.pulls.update({ ...repo, pull_number: number, state: "closed" });
  return toPullSnapshot(data as RawPull);
}
