import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * The text of a file on the default branch (or `ref`), or undefined when it does not exist.
 * Asked for raw, so the answer is the file itself; conditional requests (see
 * conditional-requests.ts) make a repeated read of an unchanged file a free 304.
 */
export async function readRepositoryFile(octokit: GitHub, repo: RepoRef, path: string, ref?: string): Promise<string | undefined> {
  try {
    const response = await octokit.rest.repos.getContent({
      ...repo,
      path,
      ...(ref ? { ref } : {}),
      mediaType: { format: "raw" },
    });
    const data: unknown = response.data;
    if (typeof data === "string") return data;
    return undefined; // a directory or submodule, not a file
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** The names of the files directly in a directory of the default branch ([] when it does not exist). */
export async function listDirectory(octokit: GitHub, repo: RepoRef, path: string): Promise<string[]> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path });
    return Array.isArray(data) ? data.filter((entry) => entry.type === "file" || entry.type === "dir").map((entry) => (entry.type === "dir" ? `${entry.name}/` : entry.name)) : [];
  } catch (error) {
    if (hasStatus(error, 404)) return [];
    throw error;
  }
}
