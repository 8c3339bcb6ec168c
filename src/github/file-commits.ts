import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * Writing a file on a branch through the contents API (one commit per write). GitHub needs the
 * blob sha of the file being replaced: read it with `readFileOnBranch` right before writing, so a
 * change someone made meanwhile is seen (GitHub answers 409 to a stale sha instead of losing it).
 */

export interface FileOnBranch {
  text: string;
  /** The blob sha `createOrUpdateFile` needs to replace this version of the file. */
  sha: string;
}

/** The file at `path` on `branch`, or undefined when it does not exist there. */
export async function readFileOnBranch(octokit: GitHub, repo: RepoRef, path: string, branch: string): Promise<FileOnBranch | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref: branch });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    const text = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    return { text, sha: data.sha };
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

export interface FileWrite {
  path: string;
  branch: string;
  message: string;
  text: string;
  /** The blob sha of the version replaced; omitted to create a new file. */
  sha?: string;
}

/** Commit `text` to `path` on `branch` (never call this with the default branch). */
export async function createOrUpdateFile(octokit: GitHub, repo: RepoRef, write: FileWrite): Promise<{ commitSha: string; blobSha: string }> {
  const { data } = await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: write.path,
    branch: write.branch,
    message: write.message,
    content: Buffer.from(write.text, "utf8").toString("base64"),
    ...(write.sha ? { sha: write.sha } : {}),
  });
  return { commitSha: data.commit.sha ?? "", blobSha: data.content?.sha ?? "" };
}
