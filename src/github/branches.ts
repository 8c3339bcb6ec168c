import { deleteRef } from "./git-refs.js";
import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * Branches as git references (`refs/heads/<name>`): read the commit a branch points to, create a
 * branch at a commit, delete one. Each answer says what happened, so a caller that runs twice
 * (a redelivery, a resumed step) can tell "done now" from "was already so".
 */

/** The repository's default branch (the one never written to directly). */
export async function getDefaultBranch(octokit: GitHub, repo: RepoRef): Promise<string> {
  const { data } = await octokit.rest.repos.get({ ...repo });
  return data.default_branch;
}

/** The commit `branch` points to, or undefined when there is no such branch. */
export async function getBranchSha(octokit: GitHub, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * Create `branch` at commit `sha`. GitHub answers 422 "Reference already exists" when it does:
 * then the branch is left where it is (it may hold commits already) and "exists" is returned.
 */
export async function createBranch(octokit: GitHub, repo: RepoRef, branch: string, sha: string): Promise<"created" | "exists"> {
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return "created";
  } catch (error) {
    if (hasStatus(error, 422) && /already exists/i.test(String((error as Error).message))) return "exists";
    throw error;
  }
}

/** Delete `branch`; one that is gone already counts as deleted ("already gone"). */
export async function deleteBranch(octokit: GitHub, repo: RepoRef, branch: string): Promise<"deleted" | "already gone"> {
  return deleteRef(octokit, repo, `heads/${branch}`);
}
