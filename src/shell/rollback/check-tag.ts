import { getTagCommit } from "../../github/git-refs.js";
import type { RollbackState } from "../../rollback/plan.js";
import type { CommandContext } from "./command-context.js";

/**
 * Before changing anything: does the tag still point where the plan said? Returns the commit it
 * points to now when it moved; undefined when it did not (or is gone: deleting it is the plan).
 * Not needed once the tag was deleted by this rollback, or for an immutable release (kept).
 */
export async function checkTag(ctx: CommandContext, state: RollbackState): Promise<{ movedTo: string } | undefined> {
  if (state.outcomes["delete-tag"] || state.plan.immutable) return undefined;
  const current = await getTagCommit(ctx.octokit, ctx.repo, state.plan.tag);
  return current !== undefined && current !== state.plan.commitSha ? { movedTo: current } : undefined;
}
