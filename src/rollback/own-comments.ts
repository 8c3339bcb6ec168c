import type { MarkerCodec } from "../markers/codec.js";
import type { AlteredStatus, OwnStatus } from "./decide.js";
import { readRollbackState } from "./plan.js";
import { readReplyMarker, REPLY_MARKER, type OwnReply } from "./replies.js";

/** A comment Anvil wrote on the issue, as listed. */
export interface OwnComment {
  id: number;
  body: string;
  createdAt: string;
}

export interface OwnState {
  /** Status comments whose signed state verifies, oldest first. */
  statuses: OwnStatus[];
  /** Comments that read like status comments but carry no verifiable state: edited by someone. */
  altered: AlteredStatus[];
  /** Replies to commands, by their signed `reply` marker. */
  replies: OwnReply[];
}

/** Text every status comment carries: its heading, or its marker (even with a broken signature). */
const LOOKS_LIKE_STATUS = /<!-- anvil:rollback |^#{1,6} Rollback (?:plan for|of) `/m;
const MENTIONED_TAG = /"plan":\{"tag":"([^"\\]{1,64})"|^#{1,6} Rollback (?:plan for|of) `([^`\n]{1,64})`/gm;

/**
 * Sort Anvil's comments on an issue into verified status comments, altered ones, and replies.
 * Pure: markers are read only through the codec; an unverifiable marker is never acted on, only
 * used to notice that a status comment was edited (and which tag it was about).
 */
export function classifyOwnComments(comments: readonly OwnComment[], markers: MarkerCodec): OwnState {
  const found: OwnState = { statuses: [], altered: [], replies: [] };
  for (const comment of comments) {
    const state = readRollbackState(comment.body, markers);
    if (state) {
      found.statuses.push({ commentId: comment.id, state });
      continue;
    }
    const reply = readReplyMarker(markers.find(comment.body, REPLY_MARKER));
    if (reply) found.replies.push({ ...reply, commentId: comment.id, createdAt: comment.createdAt });
    else if (LOOKS_LIKE_STATUS.test(comment.body)) {
      const tags = [...comment.body.matchAll(MENTIONED_TAG)].map((match) => match[1] ?? match[2] ?? "").filter((tag) => tag.length > 0);
      found.altered.push({ commentId: comment.id, tags: [...new Set(tags)] });
    }
  }
  return found;
}
