import { createBranch, getBranchSha } from "../../github/branches.js";
import { createOrUpdateFile, type FileWrite } from "../../github/file-commits.js";
import type { GitHub, RepoRef } from "../../github/types.js";

/**
 * Anvil commits only to its own branches, never to the default branch (or any branch people
 * work on). Every branch and commit this folder makes goes through these two functions, which
 * refuse anything else: the rule is enforced once, here.
 */
export const OWN_BRANCH_PREFIX = "anvil/";

export function assertOwnBranch(branch: string, defaultBranch: string): void {
  if (!branch.startsWith(OWN_BRANCH_PREFIX) || branch === defaultBranch) throw new Error(`refusing to write to branch ${JSON.stringify(branch)}: Anvil writes only to its own anvil/ branches`);
}

export async function createOwnBranch(octokit: GitHub, repo: RepoRef, defaultBranch: string, branch: string, sha: string): Promise<"created" | "exists"> {
  assertOwnBranch(branch, defaultBranch);
  return createBranch(octokit, repo, branch, sha);
}

/**
 * Create Anvil's `branch` at the default branch's head commit. A branch left by an earlier attempt
 * is kept where it is (people may have pushed to it): "exists".
 */
export async function createOwnBranchFromDefault(octokit: GitHub, repo: RepoRef, defaultBranch: string, branch: string): Promise<"created" | "exists"> {
  const base = await getBranchSha(octokit, repo, defaultBranch);
  if (base === undefined) throw new Error(`the default branch ${JSON.stringify(defaultBranch)} has no commit to branch ${JSON.stringify(branch)} from`);
  return createOwnBranch(octokit, repo, defaultBranch, branch, base);
}

export async function commitToOwnBranch(octokit: GitHub, repo: RepoRef, defaultBranch: string, write: FileWrite): Promise<void> {
  assertOwnBranch(write.branch, defaultBranch);
  await createOrUpdateFile(octokit, repo, write);
}
