import type { Logger } from "probot";
import type { AnvilConfig } from "../../config/schema.js";
import type { AppIdentity } from "../../github/app-identity.js";
import { commentOnIssue } from "../../github/issues.js";
import { reactToComment, type Reaction } from "../../github/reactions.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import type { RepositoryEvent } from "../../runtime/repository-handler.js";

/** Everything the steps of a command share: who asked, where, and how to answer. */
export interface CommandContext {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  markers: MarkerCodec;
  log: Logger;
  /** The issue or pull request the command was written on. */
  issueNumber: number;
  /** The comment carrying the command. */
  commentId: number;
  /** Who wrote the command. */
  actor: string;
  now: () => Date;
  /** A new comment on the issue. */
  reply: (body: string) => Promise<{ id: number }>;
  /** A reaction on the command's comment (best effort). */
  react: (content: Reaction) => Promise<void>;
}

export function commandContext(event: RepositoryEvent<"issue_comment.created">): CommandContext {
  const { context, octokit, repo, config, identity, markers } = event;
  const { comment, issue, sender } = context.payload;
  return {
    octokit,
    repo,
    config,
    identity,
    markers,
    log: context.log,
    issueNumber: issue.number,
    commentId: comment.id,
    actor: sender.login,
    now: () => new Date(),
    reply: (body) => commentOnIssue(octokit, repo, issue.number, body),
    react: (content) => reactToComment(octokit, repo, comment.id, content),
  };
}
