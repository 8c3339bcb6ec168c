import { getTagCommit } from "../../github/git-refs.js";
import { createRelease, getReleaseByTag, listReleasesUntil } from "../../github/releases.js";
import { DRILL_DETAIL, drillReleaseName, drillReleaseNotes } from "../../messages/drill.js";
import { auditText } from "../../messages/rollback-steps.js";
import { isDrillTag, type DrillStepId } from "../../rollback/drill.js";
import { lastKnownGood } from "../../rollback/last-known-good.js";
import { planRollback, STEP_IDS, type StepId } from "../../rollback/plan.js";
import type { RollbackRequest } from "../../rollback/parse-command.js";
import { findManifest } from "../rollback/find-manifest.js";
import type { DrillAction } from "./context.js";

/** The drill steps the saga itself runs (its own `notify` is replaced by the drill's dispatch and webhook steps). */
const isSagaStep = (step: DrillStepId): step is Extract<DrillStepId, StepId> => (STEP_IDS as readonly string[]).includes(step);

/**
 * Create the throwaway pre-release and its tag at the default branch's head (never Latest), then
 * the saga's plan for it: the rollback of the default severity, marked as a drill, running exactly
 * the drill plan's rollback steps. Resumable: a release of this drill found under the tag is reused;
 * a tag that exists and is not this drill's stops the drill before anything is created.
 */
export const createDrillRelease: DrillAction = async (ctx) => {
  const { command, state } = ctx;
  const { plan } = state;
  if (!isDrillTag(plan.tag)) throw new Error(`refusing: ${JSON.stringify(plan.tag)} is not a drill tag`);
  const name = drillReleaseName(plan.tag);
  const existing = await getReleaseByTag(command.octokit, command.repo, plan.tag);
  const ours = existing && (existing.id === state.releaseId || (existing.author === command.identity.botLogin && existing.prerelease && existing.name === name));
  if (existing && !ours) throw new Error(DRILL_DETAIL.tagTaken(plan.tag));
  if (!existing && (await getTagCommit(command.octokit, command.repo, plan.tag)) !== undefined) throw new Error(DRILL_DETAIL.tagTaken(plan.tag));
  const release =
    existing ??
    (await createRelease(command.octokit, command.repo, { tag: plan.tag, targetCommitish: plan.commitSha, name, body: drillReleaseNotes(command.actor), prerelease: true, makeLatest: "false" }));
  state.releaseId = release.id;
  if (release.immutable) throw new Error(DRILL_DETAIL.immutable);

  const releases = await listReleasesUntil(command.octokit, command.repo, (seen) => lastKnownGood(seen, plan.tag) !== undefined);
  const request: RollbackRequest = { kind: "rollback", tag: plan.tag, severity: plan.severity, severityDefaulted: true, advisory: false, dryRun: false, confirm: true, reason: "Rollback drill" };
  const manifest = await findManifest(command, plan.tag);
  const now = command.now();
  const rollbackPlan = {
    ...planRollback({ request, release, releases, commitSha: plan.commitSha, config: command.config, requestedBy: state.actor, issueNumber: command.issueNumber, now, ...(manifest ? { manifest } : {}) }),
    steps: plan.steps.filter(isSagaStep),
    drill: true,
  };
  state.rollback ??= { phase: "running", plan: rollbackPlan, commandCommentIds: [command.commentId], outcomes: {}, warnings: [], audit: [{ at: now.toISOString(), actor: state.actor, text: auditText.planned("rollback drill") }] };

  const readBack = await getReleaseByTag(command.octokit, command.repo, plan.tag);
  return { status: "done", detail: existing ? DRILL_DETAIL.releaseExisted(plan.tag) : DRILL_DETAIL.releaseCreated(plan.tag), verified: readBack?.id === release.id && readBack.prerelease };
};
