import type { GitHub, RepoRef } from "./types.js";

export type Reaction = "eyes" | "rocket" | "confused";

/** React to a comment. GitHub answers 200 for a reaction that already exists, so this is idempotent. */
export async function reactToComment(octokit: GitHub, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}
