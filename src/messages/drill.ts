import { inert } from "../markdown/escape.js";
import type { CleanupAction, DrillDue, DrillPlan, DrillStepId, DrillStepRun, DrillSummary } from "../rollback/drill.js";
import { formatDuration } from "./post-mortem.js";

/** Put at the top of a drill's announcement, incident and advisory draft, so nobody mistakes it for a real incident. */
export const DRILL_NOTICE = "> [!NOTE]\n> **This is a rollback drill.** No real release is affected. Anvil closes this when the drill ends.";
export const DRILL_TITLE_PREFIX = "[DRILL]";
/** The label every drill incident carries (the reminder lists drills by it). */
export const DRILL_LABEL_DESCRIPTION = "Rollback drill run by Anvil (closed when the drill ends)";

const STEP_TEXT: Record<DrillStepId, string> = {
  "create-release": "Create a throwaway pre-release and tag on the default branch's head",
  record: "Record the release in an incident issue",
  "delete-release": "Delete the release",
  "delete-tag": "Delete the tag",
  "revoke-in-place": "Revoke the release in place",
  "make-latest": "Make the last known good release Latest",
  "caution-banner": "Put a caution banner at the top of the release notes",
  "known-issue-note": "Add a known-issue note to the release notes",
  announce: "Open an announcement (marked as a drill)",
  pin: "Pin the announcement",
  advisory: "Draft a private security advisory (marked as a drill)",
  "retag-check": "Check the version file for the re-tag hazard",
  incident: "Complete the incident issue",
  "readme-banner": "Open a pull request adding the README banner",
  dispatch: "Send the `anvil-drill` repository_dispatch event",
  webhook: "Post to the notification webhook",
  verify: "Verify each step took effect",
  cleanup: "Clean up everything the drill created",
};

const CLEANUP_TEXT: Record<CleanupAction, string> = {
  "close-banner-pull": "close the README banner pull request",
  "delete-banner-branch": "delete its branch",
  "unpin-announcement": "unpin the announcement",
  "close-announcement": "close the announcement",
  "close-advisory": "close the advisory draft",
  "remove-release": "delete the drill release",
  "remove-tag": "delete the drill tag",
  "restore-latest": "make the previous Latest release Latest again",
  "close-incident": "close the incident issue (with this report)",
};

function deadline(minutes: number | null): string {
  return minutes === null ? "no deadline" : formatDuration(minutes);
}

export function renderDrillPlan(plan: DrillPlan, dryRun: boolean): string {
  return [
    `### Rollback drill \`${plan.tag}\`${dryRun ? " — dry run: nothing has been changed" : ""}`,
    "",
    `A real \`/rollback\` of severity **${plan.severity}** (the default), run on a throwaway pre-release \`${plan.tag}\` created at \`${plan.defaultBranch}\` (\`${plan.commitSha.slice(0, 7)}\`). No real release is touched. The announcement${plan.steps.includes("advisory") ? ", the advisory" : ""} and the incident say it is a drill.`,
    "",
    `Deadline for this severity: ${deadline(plan.deadlineMinutes)}. Last known good: ${plan.good ? `\`${inert(plan.good, 64)}\`` : "none"}.`,
    "",
    "**Steps**",
    "",
    ...plan.steps.map((step) => `- ▫️ ${STEP_TEXT[step]}`),
    "",
    `**Cleanup:** ${plan.cleanup.map((action) => CLEANUP_TEXT[action]).join(", ")}.`,
    ...(dryRun ? ["", "Comment `/anvil drill` (without `--dry-run`) to run it."] : []),
  ].join("\n");
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The drill's report: per step the time taken and the outcome, against the severity's deadline. */
export function renderDrillReport(tag: string, summary: DrillSummary): string {
  const verdict =
    summary.failures.length === 0 && summary.clean
      ? "✅ Every step worked and was cleaned up."
      : summary.failures.length > 0
        ? `❌ ${summary.failures.length} step(s) failed: in a real incident, this is where the rollback would stop. Fix the cause (often a missing permission) before you need it.`
        : "⚠️ The drill worked, but the cleanup did not finish: see below.";
  const timing =
    summary.withinDeadline === null
      ? `The rollback steps took ${seconds(summary.responseMs)} (no deadline for this severity).`
      : `The rollback steps took ${seconds(summary.responseMs)}, ${summary.withinDeadline ? "within" : "**over**"} the ${deadline(summary.deadlineMinutes)} deadline.`;
  return [
    `### Rollback drill \`${tag}\` finished`,
    "",
    verdict,
    "",
    timing,
    "",
    "| step | time | result |",
    "| --- | --- | --- |",
    ...summary.steps.map((run) => {
      const icon = run.status === "failed" || run.verified === false ? "❌" : run.status === "skipped" ? "⏭" : "✅";
      const label = run.step in STEP_TEXT ? STEP_TEXT[run.step as DrillStepId] : `Cleanup: ${CLEANUP_TEXT[run.step as CleanupAction]}`;
      return `| ${label} | ${seconds(run.ms)} | ${icon} ${inert(run.detail, 200)}${run.verified === false ? " (not verified)" : ""} |`;
    }),
  ].join("\n");
}

/**
 * The reminder, for the next checklist Anvil opens: for people, since a workflow commenting
 * `/anvil drill` with GITHUB_TOKEN would be a bot, which Anvil ignores.
 */
export function renderDrillReminder(due: DrillDue & { due: true }, intervalDays: number): string {
  const since = due.lastDrillAt ? `The last rollback drill was on ${due.lastDrillAt.slice(0, 10)}, ${due.daysSince} days ago` : "No rollback drill has been run in this repository yet";
  return `> [!TIP]\n> ${since}; the release procedure asks for one every ${intervalDays} days. A maintainer can comment \`/anvil drill --dry-run\` to see what it would do, then \`/anvil drill\`: it practises the whole rollback on a throwaway pre-release and cleans up after itself.`;
}

/** Title and notes of the throwaway pre-release a drill creates. */
export function drillReleaseName(tag: string): string {
  return `${DRILL_TITLE_PREFIX} ${tag}`;
}

export function drillReleaseNotes(actor: string): string {
  return `${DRILL_NOTICE}\n\nCreated by \`/anvil drill\` (asked by ${inert(actor, 40)}). It is deleted, with its tag, when the drill ends.`;
}

/** What each drill step reports besides the saga's own texts. */
export const DRILL_DETAIL = {
  releaseCreated: (tag: string) => `pre-release \`${tag}\` created`,
  releaseExisted: (tag: string) => `pre-release \`${tag}\` was created earlier in this drill`,
  tagTaken: (tag: string) => `the tag \`${tag}\` exists and is not this drill's: nothing was created`,
  immutable: "the release came out immutable (immutable releases are on): its tag cannot be deleted",
  notRun: "not run: an earlier step failed (a real rollback would stop there)",
  dispatchRefused: "GitHub refused the repository_dispatch event (missing permission?)",
  verified: (checked: number, failed: readonly string[]) => (failed.length === 0 ? `${checked} effect(s) read back and confirmed` : `not confirmed: ${failed.join(", ")}`),
  latestKept: (tag: string | undefined) => (tag ? `Latest is still \`${tag}\`` : "no Latest release before or after"),
  latestMoved: (was: string | undefined, now: string | undefined) => `Latest moved from \`${was ?? "none"}\` to \`${now ?? "none"}\``,
  nothingToClean: "nothing to clean up",
  pinWouldUnpin: (limit: number) => `not pinned: ${limit} issues are pinned already, and a drill never unpins a real announcement to make room (a real rollback would unpin Anvil's oldest)`,
  pullClosed: (pull: number) => `#${pull} closed`,
  pullWasClosed: (pull: number) => `#${pull} was closed already`,
  pullMerged: (pull: number) => `#${pull} was merged by someone: remove the banner by hand`,
  branchDeleted: (result: "deleted" | "already gone") => (result === "deleted" ? "branch deleted" : "branch was already gone"),
  unpinned: "unpinned",
  notPinned: "was not pinned",
  issueClosed: (issue: number) => `#${issue} closed`,
  advisoryClosed: "draft advisory closed",
  advisoryGone: "no draft advisory of this drill",
  advisoryNotDraft: (state: string) => `the advisory is ${state}, not a draft: left as it is`,
  releaseRemoved: (result: "deleted" | "already gone") => (result === "deleted" ? "drill release deleted" : "drill release was already gone"),
  tagRemoved: (result: "deleted" | "already gone") => (result === "deleted" ? "drill tag deleted" : "drill tag was already gone"),
  tagNotOurs: "the tag was not created by this drill: left as it is",
  latestRestored: (tag: string) => `\`${tag}\` is Latest again`,
} as const;

/** The one status comment of a drill while it runs: the plan, each step as it finishes. */
export function renderDrillProgress(plan: DrillPlan, runs: readonly DrillStepRun[]): string {
  const byStep = new Map(runs.map((run) => [run.step, run]));
  const line = (label: string, run: DrillStepRun | undefined) => {
    if (!run) return `- ▫️ ${label}`;
    const icon = run.status === "failed" || run.verified === false ? "❌" : run.status === "skipped" ? "⏭" : "✅";
    return `- ${icon} ${label} — ${inert(run.detail, 200)}${run.verified === false ? " (not verified)" : ""}`;
  };
  return [
    `### Rollback drill \`${plan.tag}\` running`,
    "",
    `A real \`/rollback\` of severity **${plan.severity}** (the default) on a throwaway pre-release. No real release is touched. Deadline for this severity: ${deadline(plan.deadlineMinutes)}.`,
    "",
    ...plan.steps.filter((step) => step !== "cleanup").map((step) => line(STEP_TEXT[step], byStep.get(step))),
    ...plan.cleanup.map((action) => line(`Cleanup: ${CLEANUP_TEXT[action]}`, byStep.get(action))),
  ].join("\n");
}

/** At the bottom of the finished report: where the drill left its record. */
export function renderDrillFooter(incident: number | undefined): string {
  return incident === undefined ? "" : `\n\nThe drill's incident #${incident} holds this report and is closed.`;
}

export function renderDrillPlanFailed(detail: string): string {
  return `Sorry, I could not plan the rollback drill: ${inert(detail, 300)}. Nothing was changed; comment \`/anvil drill\` again to retry.`;
}

export function renderDrillRefused(reason: "immutable-releases"): string {
  switch (reason) {
    case "immutable-releases":
      return "Sorry, I won't run a drill here: immutable releases are enabled, so the drill's release could never be deleted and its tag name would stay taken forever. Nothing was changed.";
  }
}
