import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * The user's role in the repository from the collaborator-permission endpoint's `role_name`
 * (admin, maintain, write, triage, read or a custom role). The legacy `permission` field would
 * report maintain as "write" and triage as "read", so it is not used. "none" when not a collaborator.
 */
export async function getRepositoryRole(octokit: GitHub, repo: RepoRef, username: string): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return data.role_name || "none";
  } catch (error) {
    if (hasStatus(error, 404)) return "none";
    throw error;
  }
}
