import { describeError, type GitHub, type RepoRef } from "./types.js";

export type Reaction = "eyes" | "rocket" | "confused";

/**
 * React to a comment. GitHub answers 200 for a reaction that already exists, so this is
 * idempotent. Best effort: a reaction is a courtesy, and failing to add one must never stop a
 * rollback, so errors are logged and swallowed.
 */
export async function reactToComment(octokit: GitHub, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  try {
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
  } catch (error) {
    octokit.log.warn(`could not add the ${content} reaction to comment ${commentId}: ${describeError(error)}`);
  }
}
