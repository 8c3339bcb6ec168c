import type { AppIdentity } from "../github/app-identity.js";
import type { Context } from "probot";

/** `/rollback` and `/anvil help` commands in issue and pull-request comments. (Being built.) */
export function onCommentCreated(_identity: () => Promise<AppIdentity>) {
  return async (_context: Context<"issue_comment.created">): Promise<void> => {};
}
