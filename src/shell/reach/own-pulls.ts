import { findPullsByHead, type PullSnapshot } from "../../github/pulls.js";
import type { GitHub, RepoRef } from "../../github/types.js";

/**
 * Pull requests from one of Anvil's `anvil/` branches, split by who opened them. Anyone with write
 * access can push an `anvil/` branch and open a pull request from it: only those Anvil opened are
 * Anvil's to count as done, close, or delete the branch of. A person's is left alone.
 */
export async function pullsFromOwnBranch(octokit: GitHub, repo: RepoRef, branch: string, botLogin: string): Promise<{ ours: PullSnapshot[]; theirs: PullSnapshot[] }> {
  const pulls = await findPullsByHead(octokit, repo, branch);
  return { ours: pulls.filter((pull) => pull.author === botLogin), theirs: pulls.filter((pull) => pull.author !== botLogin) };
}
