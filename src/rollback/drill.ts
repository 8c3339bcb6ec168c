import semver from "semver";
import { z } from "zod";
import { severityNames, type Severity } from "../config/schema.js";
import { versionOf } from "../versions/versions.js";
import { rollbackStateSchema } from "./plan.js";
import { decideResponse, RESPONSE_STEP_IDS, type ResponseStepId, type SeverityResponseConfig } from "./response.js";

/**
 * Rollback drills (`/anvil drill`): the whole saga, for real, on throwaway artefacts. Pure
 * planning: which tag, which steps (those a real rollback of the default severity runs, plus the
 * README banner and notifications when configured), what is verified after each, and what the
 * cleanup removes. The shell runs it; `--dry-run` shows this plan and changes nothing.
 */

/** Steps of a drill besides the rollback's own: creating the throwaway release, reaching people, checking, cleaning up. */
export type ReachStepId = "readme-banner" | "dispatch" | "webhook";
export type DrillStepId = "create-release" | ResponseStepId | ReachStepId | "verify" | "cleanup";
export const DRILL_STEP_IDS = ["create-release", ...RESPONSE_STEP_IDS, "readme-banner", "dispatch", "webhook", "verify", "cleanup"] as const satisfies readonly DrillStepId[];

/**
 * Everything a drill creates is removed again, in this order (the incident last: it carries the
 * report). Named apart from the rollback's own steps (`delete-release`...) so a report can tell them apart.
 */
export const CLEANUP_ACTIONS = [
  "close-banner-pull",
  "delete-banner-branch",
  "unpin-announcement",
  "close-announcement",
  "close-advisory",
  "remove-release",
  "remove-tag",
  "restore-latest",
  "close-incident",
] as const;
export type CleanupAction = (typeof CLEANUP_ACTIONS)[number];

const DRILL_TAG = /^(v?)(\d+\.\d+\.\d+)-drill\.(\d+)$/;

export function isDrillTag(tag: string): boolean {
  return DRILL_TAG.test(tag);
}

/**
 * The drill's tag: `v<next patch of the latest release>-drill.<n>`, n one more than any drill tag
 * of that base (existing, or left from an earlier drill). A pre-release of the *next* version, so
 * the last known good a drill announces is the current release, and the tag sorts below any real
 * release of that version. Spelled with a `v` unless the latest release's tag has none.
 */
export function drillTag(latestTag: string | undefined, existingTags: readonly string[]): string {
  const latest = versionOf(latestTag);
  const base = latest ? (semver.inc(latest, "patch") ?? "0.0.1") : "0.0.1";
  const prefix = latestTag !== undefined && latest !== null && !latestTag.startsWith("v") ? "" : "v";
  let highest = 0;
  for (const tag of existingTags) {
    const match = DRILL_TAG.exec(tag);
    if (match && match[2] === base) highest = Math.max(highest, Number(match[3]));
  }
  return `${prefix}${base}-drill.${highest + 1}`;
}

export interface DrillFacts {
  /** The newest published stable release (the drill's last known good), if any. */
  latestTag: string | undefined;
  /** Tags that exist (to pick a drill tag that does not). */
  existingTags: readonly string[];
  defaultBranch: string;
  defaultBranchSha: string;
  /** Immutable releases enabled for the repository: a drill's tag could never be deleted. */
  immutableReleases: boolean;
  severity: Severity;
  response: SeverityResponseConfig;
  deadlineMinutes: number | null;
  readmeBanner: boolean;
  dispatch: boolean;
  webhook: boolean;
}

export interface DrillPlan {
  tag: string;
  good: string | null;
  commitSha: string;
  defaultBranch: string;
  severity: Severity;
  deadlineMinutes: number | null;
  steps: DrillStepId[];
  cleanup: CleanupAction[];
}

export type DrillDecision = { kind: "plan"; plan: DrillPlan } | { kind: "refuse"; reason: "immutable-releases" };

export function planDrill(facts: DrillFacts): DrillDecision {
  // Deleting an immutable release burns its tag name and its tag cannot be deleted: nothing could be cleaned up.
  if (facts.immutableReleases) return { kind: "refuse", reason: "immutable-releases" };
  const response = decideResponse({ severity: facts.severity, config: facts.response, release: { immutable: false, hasLastKnownGood: facts.latestTag !== undefined } });
  const pinned = response.steps.includes("pin");
  const reach: ReachStepId[] = [
    ...(facts.readmeBanner && pinned ? (["readme-banner"] as const) : []),
    ...(facts.dispatch ? (["dispatch"] as const) : []),
    ...(facts.webhook ? (["webhook"] as const) : []),
  ];
  const steps: DrillStepId[] = ["create-release", ...response.steps, ...reach, "verify", "cleanup"];
  return {
    kind: "plan",
    plan: {
      tag: drillTag(facts.latestTag, facts.existingTags),
      good: facts.latestTag ?? null,
      commitSha: facts.defaultBranchSha,
      defaultBranch: facts.defaultBranch,
      severity: facts.severity,
      deadlineMinutes: facts.deadlineMinutes,
      steps,
      cleanup: cleanupFor(steps),
    },
  };
}

/** What must be removed after the given steps ran: exactly what they can have created or changed. */
export function cleanupFor(steps: readonly DrillStepId[]): CleanupAction[] {
  const has = (step: DrillStepId) => steps.includes(step);
  const wanted = new Set<CleanupAction>();
  if (has("readme-banner")) wanted.add("close-banner-pull").add("delete-banner-branch");
  if (has("pin")) wanted.add("unpin-announcement");
  if (has("announce")) wanted.add("close-announcement");
  if (has("advisory")) wanted.add("close-advisory");
  // Always: a step that deletes them may have failed, and deleting what is gone is a no-op.
  if (has("create-release")) wanted.add("remove-release").add("remove-tag");
  if (has("make-latest")) wanted.add("restore-latest");
  if (has("record") || has("incident")) wanted.add("close-incident");
  return CLEANUP_ACTIONS.filter((action) => wanted.has(action));
}

/** Per step of a finished drill: how long it took and how it ended. */
export interface DrillStepRun {
  step: DrillStepId | CleanupAction;
  startedAt: string;
  finishedAt: string;
  status: "done" | "skipped" | "failed";
  detail: string;
  /** Whether the effect was checked afterwards (`undefined`: nothing to check). */
  verified?: boolean;
}

export interface DrillSummary {
  steps: Array<DrillStepRun & { ms: number }>;
  /** From the first step's start to the last rollback step's end (cleanup excluded: a real rollback has none). */
  responseMs: number;
  deadlineMinutes: number | null;
  withinDeadline: boolean | null;
  failures: Array<DrillStepRun & { ms: number }>;
  /** Every cleanup action done: nothing left behind. */
  clean: boolean;
}

export function summarizeDrill(runs: readonly DrillStepRun[], deadlineMinutes: number | null): DrillSummary {
  const steps = runs.map((run) => ({ ...run, ms: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) }));
  const response = steps.filter((run) => !(CLEANUP_ACTIONS as readonly string[]).includes(run.step) && run.step !== "cleanup" && run.step !== "verify");
  const first = response[0];
  const last = response.at(-1);
  const responseMs = first && last ? Math.max(0, Date.parse(last.finishedAt) - Date.parse(first.startedAt)) : 0;
  const failures = steps.filter((run) => run.status === "failed" || run.verified === false);
  const cleanups = steps.filter((run) => (CLEANUP_ACTIONS as readonly string[]).includes(run.step));
  return {
    steps,
    responseMs,
    deadlineMinutes,
    withinDeadline: deadlineMinutes === null ? null : responseMs <= deadlineMinutes * 60_000,
    failures,
    clean: cleanups.length > 0 && cleanups.every((run) => run.status !== "failed"),
  };
}

/** The signed marker of a drill's incident issue: what the reminder reads to know when the last drill was. */
export const drillRecordSchema = z.object({
  tag: z.string(),
  severity: z.enum(severityNames),
  actor: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  clean: z.boolean().optional(),
});
export type DrillRecord = z.infer<typeof drillRecordSchema>;
export const DRILL_MARKER = "drill";
/** The label of a drill's incident issue: the reminder lists issues by it (and trusts only the signed marker). */
export const DRILL_LABEL = "anvil:drill";

export type DrillDue = { due: false; lastDrillAt: string } | { due: true; lastDrillAt: string | undefined; daysSince: number | undefined };

/**
 * Drills are due every `intervalDays` (the procedure: quarterly). The last drill is the newest
 * finished one; a drill that never finished does not count as practice.
 */
export function drillDue(records: readonly DrillRecord[], intervalDays: number, now: Date): DrillDue {
  const finished = records.map((record) => record.finishedAt).filter((at): at is string => at !== undefined && !Number.isNaN(Date.parse(at)));
  const last = finished.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (last === undefined) return { due: true, lastDrillAt: undefined, daysSince: undefined };
  const daysSince = Math.floor((now.getTime() - Date.parse(last)) / 86_400_000);
  return daysSince >= intervalDays ? { due: true, lastDrillAt: last, daysSince } : { due: false, lastDrillAt: last };
}

/** The drill's status comment: plan, runs so far, what it created. What makes a drill resumable. */
export const DRILL_STATUS_MARKER = "drill-status";

const drillPlanSchema = z.object({
  tag: z.string(),
  good: z.string().nullable(),
  commitSha: z.string(),
  defaultBranch: z.string(),
  severity: z.enum(severityNames),
  deadlineMinutes: z.number().nullable(),
  steps: z.array(z.enum(DRILL_STEP_IDS)),
  cleanup: z.array(z.enum(CLEANUP_ACTIONS)),
});

const drillStepRunSchema = z.object({
  step: z.enum([...DRILL_STEP_IDS, ...CLEANUP_ACTIONS]),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(["done", "skipped", "failed"]),
  detail: z.string(),
  verified: z.boolean().optional(),
});

/**
 * The signed state in a drill's status comment. `dry-run`: the plan was shown, nothing changed.
 * `running`: changes are under way (a redelivery resumes); `done`: cleaned up and reported.
 */
export const drillStateSchema = z.object({
  phase: z.enum(["dry-run", "running", "done"]),
  commandCommentId: z.number().int(),
  actor: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  plan: drillPlanSchema,
  /** The drill release Anvil created: the only release a drill may change or delete. */
  releaseId: z.number().int().optional(),
  /** The Latest release before the drill, restored if `make-latest` moved it. */
  previousLatest: z.object({ id: z.number().int(), tag: z.string() }).nullable().optional(),
  /** The rollback's own state, which the saga's steps read and write (issues, advisory, banner pull request). */
  rollback: rollbackStateSchema.optional(),
  runs: z.array(drillStepRunSchema),
});
export type DrillState = z.infer<typeof drillStateSchema>;

export function readDrillState(data: Record<string, unknown> | undefined): DrillState | undefined {
  const parsed = drillStateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** A step of the plan (or a cleanup action) that has no recorded run yet: still to do. */
export function pendingSteps(state: DrillState): Array<DrillStepId | CleanupAction> {
  const ran = new Set<string>(state.runs.map((run) => run.step));
  const all: Array<DrillStepId | CleanupAction> = [...state.plan.steps.filter((step) => step !== "cleanup"), ...state.plan.cleanup];
  return all.filter((step) => !ran.has(step));
}

/** Whether a rollback step failed: the rollback would stop there, so the drill skips to verifying and cleaning up. */
export function rollbackStopped(state: DrillState): boolean {
  return state.runs.some((run) => run.status === "failed" && !(CLEANUP_ACTIONS as readonly string[]).includes(run.step) && run.step !== "verify");
}

/**
 * A finished drill whose cleanup did not finish, to run again (a redelivered `/anvil drill`): the
 * failed cleanup actions and `close-incident` (so the incident's report and record end current)
 * lose their runs and become pending. Undefined when every cleanup action worked.
 */
export function reopenFailedCleanup(state: DrillState): DrillState | undefined {
  const failed = state.runs.filter((run) => isCleanupAction(run.step) && run.status === "failed");
  if (state.phase !== "done" || failed.length === 0) return undefined;
  const { finishedAt: _finished, ...rest } = state;
  return { ...rest, phase: "running", runs: state.runs.filter((run) => !failed.includes(run) && run.step !== "close-incident") };
}

export function isCleanupAction(step: string): step is CleanupAction {
  return (CLEANUP_ACTIONS as readonly string[]).includes(step);
}
