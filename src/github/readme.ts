import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * The README GitHub shows on the repository's page (`GET /repos/{o}/{r}/readme`): GitHub picks it
 * among `README.md`, `README`, `readme.rst`, `.github/README.md`, `docs/README.md`…, so asking is
 * the only way to edit the file people actually see. Undefined when there is none.
 */
export async function getReadmePath(octokit: GitHub, repo: RepoRef, ref?: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getReadme({ ...repo, ...(ref ? { ref } : {}) });
    return data.path;
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}
