import type { Context, Logger } from "probot";
import type { AnvilConfig } from "../../config/schema.js";
import type { AppIdentity } from "../../github/app-identity.js";
import { commentOnIssue } from "../../github/issues.js";
import { reactToComment, type Reaction } from "../../github/reactions.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import { REPLY_MARKER, type ReplyKind } from "../../rollback/replies.js";
import type { RepositoryEvent } from "../../runtime/repository-handler.js";

/** Enough to answer a command: where it was written, by whom, and how to reach GitHub. */
export interface ReplyContext {
  octokit: GitHub;
  repo: RepoRef;
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
  /**
   * A new comment on the issue answering the command. `kind` signs a `reply` marker into it
   * (command comment, person, kind), which is how a redelivery or a repeat is recognised later.
   */
  reply: (body: string, kind?: ReplyKind) => Promise<{ id: number }>;
}

/** Everything the steps of `/rollback` share. */
export interface CommandContext extends ReplyContext {
  config: AnvilConfig;
  /** A reaction on the command's comment (best effort). */
  react: (content: Reaction) => Promise<void>;
  /** The deployment's direct notification webhook (ANVIL_NOTIFY_URL, parsed at start-up); undefined when not configured. */
  notifyUrl?: string;
}

type CommentContext = Context<"issue_comment.created">;

export function replyContext(context: CommentContext, identity: AppIdentity, markers: MarkerCodec): ReplyContext {
  const { comment, issue, sender } = context.payload;
  const repo = context.repo();
  return {
    octokit: context.octokit,
    repo,
    identity,
    markers,
    log: context.log,
    issueNumber: issue.number,
    commentId: comment.id,
    actor: sender.login,
    now: () => new Date(),
    reply: (body, kind) => {
      const marker = kind ? `${markers.encode(REPLY_MARKER, { command: comment.id, to: sender.login, kind })}\n` : "";
      return commentOnIssue(context.octokit, repo, issue.number, marker + body);
    },
  };
}

export function commandContext(event: RepositoryEvent<"issue_comment.created">, notifyUrl?: string): CommandContext {
  const { context, octokit, repo, config, identity, markers } = event;
  return {
    ...replyContext(context, identity, markers),
    octokit,
    repo,
    config,
    react: (content) => reactToComment(octokit, repo, context.payload.comment.id, content),
    ...(notifyUrl !== undefined ? { notifyUrl } : {}),
  };
}
