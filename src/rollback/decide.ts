import { sameVersion } from "../versions/versions.js";
import type { RollbackRequest } from "./parse-command.js";
import { isPlanFresh, type RollbackPlan, type RollbackState } from "./plan.js";
import type { OwnReply } from "./replies.js";

/** A status comment of Anvil's on this issue whose signed rollback state verified. */
export interface OwnStatus {
  commentId: number;
  state: RollbackState;
}

/**
 * A comment of Anvil's that reads like a rollback status comment but carries no verifiable
 * state: someone edited it. `tags` are the tags it mentions (empty: cannot tell, so any).
 */
export interface AlteredStatus {
  commentId: number;
  tags: readonly string[];
}

export interface DecideInput {
  request: RollbackRequest;
  /** The comment that carries the command. */
  commandCommentId: number;
  /** The issue the command was written on. */
  issueNumber: number;
  /** Anvil's verified status comments on this issue, oldest first. */
  statuses: readonly OwnStatus[];
  /** Anvil's comments on this issue that look like status comments but do not verify. */
  altered?: readonly AlteredStatus[];
  /** Anvil's replies to commands on this issue. */
  replies?: readonly OwnReply[];
  confirmRequired: boolean;
  ttlMinutes: number;
  now: Date;
}

/** Why a new plan is made instead of running one. */
export type PlanReason =
  /** Asked for a plan (or a dry run). */
  | "requested"
  /** `--confirm` with no plan for this tag on this issue. */
  | "no-plan"
  /** `--confirm` after the plan's time ran out, or after a stopped (aborted) rollback. */
  | "expired"
  /** `--confirm` whose flags differ from the plan's: the plan shown is not the plan asked for. */
  | "mismatch";

/** A flag of the confirming command that differs from the plan it would confirm. */
export interface FlagDifference {
  flag: "severity" | "advisory" | "reason" | "revoke";
  planned: string;
  requested: string;
}

/** What `/rollback` does with one command, decided from the command and the state in GitHub. */
export type RollbackDecision =
  /** This command was handled before (a redelivered webhook): change nothing. */
  | { kind: "redelivery" }
  /** The rollback of this tag is complete: say so, repeat nothing. */
  | { kind: "already-done"; status: OwnStatus }
  /** Write a new plan; run it at once only when `execute` (confirmation turned off). */
  | { kind: "plan"; reason: PlanReason; execute: boolean; previous?: OwnStatus; differences?: FlagDifference[] }
  /**
   * Run the remaining steps of a confirmed plan: a fresh plan, a run that stopped at a failure,
   * or (`interrupted`) the run this very command started when the process died mid-saga.
   */
  | { kind: "run"; status: OwnStatus; interrupted: boolean }
  /** `--confirm` while the newest status comment for the tag was altered: refuse, change nothing. */
  | { kind: "tampered"; commentId: number }
  /** `--confirm` with different flags on a rollback that already started: refuse, naming them. */
  | { kind: "mismatch"; status: OwnStatus; differences: FlagDifference[] };

/** The flags given with `--confirm` that differ from the plan. Flags left out accept the plan's. */
export function flagDifferences(request: RollbackRequest, plan: RollbackPlan): FlagDifference[] {
  const differences: FlagDifference[] = [];
  if (!request.severityDefaulted && request.severity !== plan.severity) differences.push({ flag: "severity", planned: plan.severity, requested: request.severity });
  if (request.advisory && !plan.advisory && !plan.advisoryRequested) differences.push({ flag: "advisory", planned: "no advisory", requested: "--advisory" });
  const plannedRevoke = plan.response?.requestedRevocation ?? "delete";
  if (request.revoke !== undefined && request.revoke !== plannedRevoke) differences.push({ flag: "revoke", planned: plannedRevoke, requested: request.revoke });
  if (request.reason !== undefined && request.reason !== plan.reason) differences.push({ flag: "reason", planned: plan.reason ?? "none", requested: request.reason });
  return differences;
}

/**
 * Status comments that cannot be trusted although their marker verifies: a state written for
 * another issue (its comment was edited to hold a copy), or one state in two comments (a copy).
 */
function misplaced(statuses: readonly OwnStatus[], issueNumber: number): AlteredStatus[] {
  const seen = new Map<string, number>();
  for (const { state } of statuses) {
    const key = `${state.plan.tag}@${state.plan.createdAt}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return statuses
    .filter(({ state }) => state.plan.issueNumber !== issueNumber || (seen.get(`${state.plan.tag}@${state.plan.createdAt}`) ?? 0) > 1)
    .map(({ commentId, state }) => ({ commentId, tags: [state.plan.tag] }));
}

/**
 * Decide what a `/rollback` command does. Pure: every fact was read from GitHub beforehand.
 *
 * - a command already answered (a status comment records it, or a reply names it) is a
 *   redelivery: nothing happens, unless the run it started was interrupted (phase `running`),
 *   which resumes;
 * - `--dry-run`, or confirmation required without `--confirm`: plan;
 * - `--confirm` while the newest status comment for the tag was altered: refuse;
 * - `--confirm` with flags that differ from a fresh plan: plan again with those flags and ask
 *   again; with a run already started: refuse, naming the difference;
 * - `--confirm` with a fresh plan (or a failed or interrupted run) for the same tag: run it;
 * - `--confirm` with a complete rollback: nothing to do;
 * - otherwise (no plan, expired, stopped): plan again and ask for a new `--confirm`.
 */
export function decideRollback(input: DecideInput): RollbackDecision {
  const { request } = input;
  const untrusted = misplaced(input.statuses, input.issueNumber);
  const statuses = input.statuses.filter((status) => !untrusted.some((entry) => entry.commentId === status.commentId));
  const altered = [...(input.altered ?? []), ...untrusted];

  const handled = statuses.find((status) => status.state.commandCommentIds.includes(input.commandCommentId));
  if (handled) {
    const { state } = handled;
    const interrupted = state.phase === "running" && state.commandCommentIds[state.commandCommentIds.length - 1] === input.commandCommentId;
    return interrupted ? { kind: "run", status: handled, interrupted: true } : { kind: "redelivery" };
  }
  if ((input.replies ?? []).some((reply) => reply.command === input.commandCommentId)) return { kind: "redelivery" };

  const execute = !request.dryRun && (request.confirm || !input.confirmRequired);
  const latest = [...statuses].reverse().find((status) => sameVersion(status.state.plan.tag, request.tag));
  const previous = latest ? { previous: latest } : {};
  if (!execute) return { kind: "plan", reason: "requested", execute: false, ...previous };

  const tampered = altered.find(
    (entry) => entry.commentId > (latest?.commentId ?? 0) && (entry.tags.length === 0 || entry.tags.some((tag) => sameVersion(tag, request.tag))),
  );
  if (tampered) return { kind: "tampered", commentId: tampered.commentId };
  if (latest?.state.phase === "done") return { kind: "already-done", status: latest };

  const runnable =
    latest !== undefined &&
    latest.state.phase !== "aborted" &&
    (latest.state.phase !== "planned" || isPlanFresh(latest.state.plan, input.ttlMinutes, input.now));
  if (runnable) {
    const differences = flagDifferences(request, latest.state.plan);
    if (differences.length === 0) return { kind: "run", status: latest, interrupted: false };
    if (latest.state.phase === "planned") {
      // With confirmation off the command is its own confirmation: plan what it asks for and run that.
      return input.confirmRequired ? { kind: "plan", reason: "mismatch", execute: false, previous: latest, differences } : { kind: "plan", reason: "requested", execute: true, previous: latest };
    }
    return { kind: "mismatch", status: latest, differences };
  }

  // With confirmation on, a command without a usable plan only plans.
  if (input.confirmRequired) return { kind: "plan", reason: latest ? "expired" : "no-plan", execute: false, ...previous };
  return { kind: "plan", reason: "requested", execute: true, ...previous };
}
