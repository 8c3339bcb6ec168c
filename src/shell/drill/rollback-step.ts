import { getTagCommit } from "../../github/git-refs.js";
import { describeError } from "../../github/types.js";
import { addLabels, getIssue, updateIssue } from "../../github/issues.js";
import { ensureLabel } from "../../github/labels.js";
import { listPinnedIssues, PIN_LIMIT } from "../../github/pins.js";
import { pullsFromOwnBranch } from "../reach/own-pulls.js";
import { getLatestRelease, getRelease } from "../../github/releases.js";
import { DRILL_DETAIL, DRILL_LABEL_DESCRIPTION } from "../../messages/drill.js";
import { auditText } from "../../messages/rollback-steps.js";
import { DRILL_LABEL, DRILL_MARKER, type DrillRecord } from "../../rollback/drill.js";
import { INCIDENT_MARKER } from "../../rollback/marker-kinds.js";
import type { StepId } from "../../rollback/plan.js";
import { bannerBranch } from "../../rollback/readme-banner.js";
import { REVOKED_TITLE_PREFIX } from "../../rollback/last-known-good.js";
import { findAnvilAdvisory } from "../rollback/find-advisory.js";
import type { StepContext, StepResult } from "../rollback/steps/context.js";
import { SAGA_STEPS } from "../rollback/steps/index.js";
import { assertDrillRelease, type DrillAction, type DrillContext } from "./context.js";

/**
 * One of the saga's own steps (those a real `/rollback` runs), on the drill release, recorded in
 * the saga's state like `run-saga.ts` does (so the incident ticks it), then read back from GitHub.
 */
export function rollbackStep(step: StepId): DrillAction {
  return async (ctx) => {
    const steps = ctx.stepContext();
    assertDrillRelease(ctx.state, steps.state);
    const at = ctx.command.now().toISOString();
    if (step === "pin" && (await pinNeedsRoom(steps))) {
      const skipped: StepResult = { status: "skipped", detail: DRILL_DETAIL.pinWouldUnpin(PIN_LIMIT) };
      steps.state.outcomes[step] = { ...skipped, at };
      return skipped;
    }
    let result: StepResult;
    try {
      result = await SAGA_STEPS[step](steps);
    } catch (error) {
      steps.state.outcomes[step] = { status: "failed", detail: describeError(error), at };
      throw error;
    }
    steps.state.outcomes[step] = { ...result, at };
    steps.state.audit.push({ at, actor: ctx.state.actor, text: auditText.step(step, result.status, result.detail) });
    if (step === "record") await markDrillIncident(ctx, steps);
    const verified = result.status === "done" ? await readBack(step, steps) : undefined;
    return { ...result, ...(verified !== undefined ? { verified } : {}) };
  };
}

/**
 * A real rollback makes room for its announcement by unpinning an older announcement of Anvil's;
 * a drill must not (that announcement is about a real release, and the cleanup would not pin it again).
 */
async function pinNeedsRoom(ctx: StepContext): Promise<boolean> {
  const pinned = await listPinnedIssues(ctx.octokit, ctx.repo);
  return pinned.length >= PIN_LIMIT && !pinned.some((issue) => issue.id === ctx.state.announcementNodeId);
}

/** The drill incident carries the signed `drill` marker and the `anvil:drill` label: how the reminder finds the last drill. */
async function markDrillIncident(ctx: DrillContext, steps: StepContext): Promise<void> {
  const incident = steps.state.incident;
  if (incident === undefined) return;
  const { octokit, repo, markers } = ctx.command;
  const record: DrillRecord = { tag: ctx.state.plan.tag, severity: ctx.state.plan.severity, actor: ctx.state.actor, startedAt: ctx.state.startedAt };
  const current = await getIssue(octokit, repo, incident);
  if (markers.find(current.body, DRILL_MARKER) === undefined) await updateIssue(octokit, repo, incident, { body: markers.upsert(current.body, DRILL_MARKER, record) });
  if (!current.labels.includes(DRILL_LABEL)) {
    await ensureLabel(octokit, repo, DRILL_LABEL, DRILL_LABEL_DESCRIPTION);
    await addLabels(octokit, repo, incident, [DRILL_LABEL]);
  }
}

/** Did the step take effect? Read back what it changed; `undefined` when there is nothing to read. */
async function readBack(step: StepId, ctx: StepContext): Promise<boolean | undefined> {
  const { octokit, repo, state } = ctx;
  const { plan } = state;
  switch (step) {
    case "record":
    case "incident":
      return state.incident !== undefined && ctx.markers.find((await getIssue(octokit, repo, state.incident)).body, INCIDENT_MARKER)?.tag === plan.tag;
    case "delete-release":
      return (await getRelease(octokit, repo, plan.releaseId)) === undefined;
    case "delete-tag":
      return (await getTagCommit(octokit, repo, plan.tag)) === undefined;
    case "revoke-in-place": {
      const release = await getRelease(octokit, repo, plan.releaseId);
      return release !== undefined && release.name.startsWith(REVOKED_TITLE_PREFIX) && release.prerelease;
    }
    case "make-latest":
      return (await getLatestRelease(octokit, repo))?.id !== plan.releaseId;
    case "announce":
      return state.announcement !== undefined && (await getIssue(octokit, repo, state.announcement)).state === "open";
    case "pin":
      return state.announcementNodeId !== undefined && (await listPinnedIssues(octokit, repo)).some((issue) => issue.id === state.announcementNodeId);
    case "advisory":
      return (await findAnvilAdvisory(ctx, plan.tag)) !== undefined;
    case "readme-banner":
      return (await pullsFromOwnBranch(octokit, repo, bannerBranch(plan.tag), ctx.identity.botLogin)).ours.some((pull) => pull.state === "open");
    default:
      return undefined;
  }
}
