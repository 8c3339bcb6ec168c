import { deleteBranch, getBranchSha } from "../../github/branches.js";
import { deleteTag, getTagCommit } from "../../github/git-refs.js";
import { getIssue, updateIssue } from "../../github/issues.js";
import { listPinnedIssues, unpinIssue } from "../../github/pins.js";
import { closePullRequest } from "../../github/pulls.js";
import { pullsFromOwnBranch } from "../reach/own-pulls.js";
import { deleteRelease, getLatestRelease, getRelease, updateRelease } from "../../github/releases.js";
import { updateAdvisory } from "../../github/advisories.js";
import { writeSection } from "../../markers/sections.js";
import { DRILL_DETAIL, renderDrillReport } from "../../messages/drill.js";
import { DRILL_MARKER, isDrillTag, summarizeDrill, type CleanupAction, type DrillRecord } from "../../rollback/drill.js";
import { bannerBranch } from "../../rollback/readme-banner.js";
import { assertOwnBranch } from "../reach/branch-guard.js";
import { findAnvilAdvisory } from "../rollback/find-advisory.js";
import { assertDrillRelease, type DrillAction, type DrillStepResult } from "./context.js";

const nothing: DrillStepResult = { status: "done", detail: DRILL_DETAIL.nothingToClean };

/** The section of the drill incident holding the report. */
export const DRILL_REPORT_SECTION = "drill-report";

/**
 * Everything a drill created, removed again (`cleanupFor` decides which actions run). Each action
 * finds what it removes through the drill's state, never by a guess: an issue, pull request or
 * release the drill did not create is never closed or deleted. Each is idempotent (gone already is
 * done) and reads back its effect.
 */
export const CLEANUP: Record<CleanupAction, DrillAction> = {
  async "close-banner-pull"({ command, state }) {
    const { ours: [pull] } = await pullsFromOwnBranch(command.octokit, command.repo, bannerBranch(state.plan.tag), command.identity.botLogin);
    if (!pull) return nothing;
    if (pull.merged) throw new Error(DRILL_DETAIL.pullMerged(pull.number));
    if (pull.state === "closed") return { status: "done", detail: DRILL_DETAIL.pullWasClosed(pull.number) };
    const closed = await closePullRequest(command.octokit, command.repo, pull.number);
    return { status: "done", detail: DRILL_DETAIL.pullClosed(pull.number), verified: closed.state === "closed" };
  },

  async "delete-banner-branch"({ command, state }) {
    if (!isDrillTag(state.plan.tag)) throw new Error(`refusing: ${JSON.stringify(state.plan.tag)} is not a drill tag`);
    const branch = bannerBranch(state.plan.tag);
    assertOwnBranch(branch, state.plan.defaultBranch);
    const result = await deleteBranch(command.octokit, command.repo, branch);
    return { status: "done", detail: DRILL_DETAIL.branchDeleted(result), verified: (await getBranchSha(command.octokit, command.repo, branch)) === undefined };
  },

  async "unpin-announcement"({ command, state }) {
    const target = state.rollback?.announcementNodeId;
    if (target === undefined) return nothing;
    if (!(await listPinnedIssues(command.octokit, command.repo)).some((issue) => issue.id === target)) return { status: "done", detail: DRILL_DETAIL.notPinned };
    await unpinIssue(command.octokit, target);
    return { status: "done", detail: DRILL_DETAIL.unpinned, verified: !(await listPinnedIssues(command.octokit, command.repo)).some((issue) => issue.id === target) };
  },

  async "close-announcement"({ command, state }) {
    const number = state.rollback?.announcement;
    if (number === undefined) return nothing;
    const closed = (await getIssue(command.octokit, command.repo, number)).state === "closed" ? undefined : await updateIssue(command.octokit, command.repo, number, { state: "closed", state_reason: "completed" });
    return { status: "done", detail: DRILL_DETAIL.issueClosed(number), ...(closed ? { verified: closed.state === "closed" } : {}) };
  },

  async "close-advisory"({ command, state }) {
    const advisory = await findAnvilAdvisory(command, state.plan.tag);
    if (!advisory) return { status: "done", detail: DRILL_DETAIL.advisoryGone };
    if (advisory.state === "closed") return { status: "done", detail: DRILL_DETAIL.advisoryClosed };
    if (advisory.state !== "draft") throw new Error(DRILL_DETAIL.advisoryNotDraft(advisory.state));
    const closed = await updateAdvisory(command.octokit, command.repo, advisory.ghsaId, { state: "closed" });
    return { status: "done", detail: DRILL_DETAIL.advisoryClosed, verified: closed.state === "closed" };
  },

  async "remove-release"({ command, state }) {
    if (state.releaseId === undefined) return nothing;
    const { releaseId, tag } = assertDrillRelease(state);
    const release = await getRelease(command.octokit, command.repo, releaseId);
    if (release && release.tag !== tag) throw new Error(`refusing: release ${releaseId} is not the drill's`);
    const result = await deleteRelease(command.octokit, command.repo, releaseId);
    return { status: "done", detail: DRILL_DETAIL.releaseRemoved(result), verified: (await getRelease(command.octokit, command.repo, releaseId)) === undefined };
  },

  async "remove-tag"({ command, state }) {
    // Only a tag this drill created: without its release the tag is someone else's.
    if (state.releaseId === undefined) return { status: "done", detail: DRILL_DETAIL.tagNotOurs };
    const { tag } = assertDrillRelease(state);
    const result = await deleteTag(command.octokit, command.repo, tag);
    return { status: "done", detail: DRILL_DETAIL.tagRemoved(result), verified: (await getTagCommit(command.octokit, command.repo, tag)) === undefined };
  },

  async "restore-latest"({ command, state }) {
    const previous = state.previousLatest ?? undefined;
    const latest = await getLatestRelease(command.octokit, command.repo);
    if (previous === undefined || latest?.id === previous.id) return { status: "done", detail: DRILL_DETAIL.latestKept(latest?.tag) };
    // The only write a drill may make to a real release: giving back the Latest flag `make-latest` moved.
    await updateRelease(command.octokit, command.repo, previous.id, { make_latest: "true" });
    return { status: "done", detail: DRILL_DETAIL.latestRestored(previous.tag), verified: (await getLatestRelease(command.octokit, command.repo))?.id === previous.id };
  },

  async "close-incident"({ command, state }) {
    const number = state.rollback?.incident;
    if (number === undefined) return nothing;
    const summary = summarizeDrill(state.runs, state.plan.deadlineMinutes);
    const record: DrillRecord = { tag: state.plan.tag, severity: state.plan.severity, actor: state.actor, startedAt: state.startedAt, finishedAt: command.now().toISOString(), clean: summary.clean };
    // Re-read right before writing: only Anvil's marker and its report section change.
    const current = await getIssue(command.octokit, command.repo, number);
    const body = writeSection(command.markers.upsert(current.body, DRILL_MARKER, record), DRILL_REPORT_SECTION, renderDrillReport(state.plan.tag, summary));
    const closed = await updateIssue(command.octokit, command.repo, number, { body, state: "closed", state_reason: "completed" });
    return { status: "done", detail: DRILL_DETAIL.issueClosed(number), verified: closed.state === "closed" };
  },
};
