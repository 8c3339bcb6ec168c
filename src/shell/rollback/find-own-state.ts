import { listOwnComments } from "../../github/issues.js";
import type { OwnStatus } from "../../rollback/decide.js";
import { readRollbackState } from "../../rollback/plan.js";
import type { CommandContext } from "./command-context.js";

/**
 * Everything Anvil said about rollbacks on this issue: its status comments (all pages), each
 * with the state in its signed marker. Comments whose marker is missing or does not verify are
 * not status comments.
 */
export async function findOwnState(ctx: CommandContext): Promise<OwnStatus[]> {
  const comments = await listOwnComments(ctx.octokit, ctx.repo, ctx.issueNumber, ctx.identity.botLogin);
  return comments.flatMap((comment) => {
    const state = readRollbackState(comment.body, ctx.markers);
    return state ? [{ commentId: comment.id, state }] : [];
  });
}
