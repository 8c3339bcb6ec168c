import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/** The commit sha a ref (tag, branch or sha) points to, peeling annotated tags; undefined when unknown. */
export async function resolveCommit(octokit: GitHub, repo: RepoRef, ref: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref, per_page: 1 });
    return data.sha;
  } catch (error) {
    if (hasStatus(error, 404, 422)) return undefined;
    throw error;
  }
}
