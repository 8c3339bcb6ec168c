import { sameVersion } from "../versions/versions.js";
import type { RollbackRequest } from "./parse-command.js";
import { isPlanFresh, type RollbackState } from "./plan.js";

/** A status comment of Anvil's on this issue whose signed rollback state verified. */
export interface OwnStatus {
  commentId: number;
  state: RollbackState;
}

export interface DecideInput {
  request: RollbackRequest;
  /** The comment that carries the command. */
  commandCommentId: number;
  /** Anvil's verified status comments on this issue, oldest first. */
  statuses: readonly OwnStatus[];
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
  | "expired";

/** What `/rollback` does with one command, decided from the command and the state in GitHub. */
export type RollbackDecision =
  /** This command was handled before (a redelivered webhook): change nothing. */
  | { kind: "redelivery"; status: OwnStatus }
  /** The rollback of this tag is complete: say so, repeat nothing. */
  | { kind: "already-done"; status: OwnStatus }
  /** Write a new plan; run it at once only when `execute` (confirmation turned off). */
  | { kind: "plan"; reason: PlanReason; execute: boolean; previous?: OwnStatus }
  /** Run the remaining steps of a confirmed plan: a fresh plan, or a run that stopped at a failure. */
  | { kind: "run"; status: OwnStatus };

/**
 * Decide what a `/rollback` command does. Pure: every fact was read from GitHub beforehand.
 *
 * - a command already recorded in a status comment is a redelivery;
 * - `--dry-run`, or confirmation required without `--confirm`: plan;
 * - `--confirm` with a fresh plan (or a failed or interrupted run) for the same tag: run it;
 * - `--confirm` with a complete rollback: nothing to do;
 * - otherwise (no plan, expired, stopped): plan again and ask for a new `--confirm`.
 */
export function decideRollback(input: DecideInput): RollbackDecision {
  const { request, statuses } = input;
  const handled = statuses.find((status) => status.state.commandCommentIds.includes(input.commandCommentId));
  if (handled) return { kind: "redelivery", status: handled };

  const execute = !request.dryRun && (request.confirm || !input.confirmRequired);
  const latest = [...statuses].reverse().find((status) => sameVersion(status.state.plan.tag, request.tag));
  if (!execute) return { kind: "plan", reason: "requested", execute: false, ...(latest ? { previous: latest } : {}) };
  if (latest?.state.phase === "done") return { kind: "already-done", status: latest };

  const runnable =
    latest !== undefined &&
    latest.state.phase !== "aborted" &&
    (latest.state.phase !== "planned" || isPlanFresh(latest.state.plan, input.ttlMinutes, input.now));
  if (runnable) return { kind: "run", status: latest };

  // With confirmation on, a command without a usable plan only plans.
  if (input.confirmRequired) return { kind: "plan", reason: latest ? "expired" : "no-plan", execute: false, ...(latest ? { previous: latest } : {}) };
  return { kind: "plan", reason: "requested", execute: true, ...(latest ? { previous: latest } : {}) };
}
