import { z } from "zod";

/**
 * Replies to commands carry a signed `reply` marker naming the command comment they answer, the
 * person and the kind of reply. GitHub is the database: before replying, Anvil reads its own
 * replies on the issue, so a redelivered command is not answered twice, and people who may not
 * run commands (anyone, on a public repository) get at most one reply of a kind per hour.
 */
export const REPLY_MARKER = "reply";

export const REPLY_KINDS = ["help", "invalid", "unauthorized", "config-problem", "refusal"] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export const replyMarkerSchema = z.object({ command: z.number().int(), to: z.string(), kind: z.enum(REPLY_KINDS) });
export type ReplyMarker = z.infer<typeof replyMarkerSchema>;

/** A reply of Anvil's found on the issue; `createdAt` is GitHub's timestamp of the comment. */
export interface OwnReply extends ReplyMarker {
  commentId: number;
  createdAt: string;
}

/** Kinds limited to one per person per issue per hour: anyone can trigger them. */
const LIMITED: ReadonlySet<ReplyKind> = new Set(["help", "invalid", "unauthorized", "config-problem"]);
const HOUR_MS = 60 * 60_000;

export type ReplyVerdict = "reply" | "already-answered" | "rate-limited";

/** Whether to post a reply of `kind` to `to` for command `command`, given Anvil's replies so far. */
export function replyVerdict(previous: readonly OwnReply[], next: ReplyMarker, now: Date): ReplyVerdict {
  if (previous.some((reply) => reply.command === next.command)) return "already-answered";
  if (!LIMITED.has(next.kind)) return "reply";
  const recent = previous.some(
    (reply) => reply.to === next.to && reply.kind === next.kind && now.getTime() - Date.parse(reply.createdAt) < HOUR_MS,
  );
  return recent ? "rate-limited" : "reply";
}

export function readReplyMarker(data: Record<string, unknown> | undefined): ReplyMarker | undefined {
  const parsed = replyMarkerSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
