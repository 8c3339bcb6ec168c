import type { GitHub, RepoRef } from "./types.js";

/** A repository's numeric id (stable across renames and transfers). Throws the request's error (404 when it is absent or not readable). */
export async function getRepositoryId(octokit: GitHub, repo: RepoRef): Promise<number> {
  const { data } = await octokit.rest.repos.get({ ...repo });
  return data.id;
}
