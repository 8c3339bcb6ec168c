import { listOwnComments } from "../../github/issues.js";
import { classifyOwnComments, type OwnState } from "../../rollback/own-comments.js";
import type { ReplyContext } from "./command-context.js";

/**
 * Everything Anvil said about commands on this issue (all pages of comments): status comments
 * with their signed state, status comments someone altered, and replies (see own-comments.ts).
 */
export async function findOwnState(ctx: ReplyContext): Promise<OwnState> {
  const comments = await listOwnComments(ctx.octokit, ctx.repo, ctx.issueNumber, ctx.identity.botLogin);
  return classifyOwnComments(comments, ctx.markers);
}
