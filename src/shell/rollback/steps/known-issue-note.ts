import { getReleaseByTag, updateRelease } from "../../../github/releases.js";
import { renderKnownIssueNote } from "../../../messages/response.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { withReleaseNotice } from "../../../rollback/release-notice.js";
import type { SagaStep } from "./context.js";

/** A "known issue" note at the top of a kept release's notes (medium severity), pointing at the incident. */
export const knownIssueNote: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
  if (!release || release.id !== plan.releaseId) return { status: "skipped", detail: stepDetail.releaseGone };
  const note = renderKnownIssueNote({ reason: plan.reason, ...(ctx.state.incident !== undefined ? { incident: ctx.state.incident } : {}) });
  const body = withReleaseNotice(release.body, note);
  if (body !== release.body) await updateRelease(ctx.octokit, ctx.repo, release.id, { body });
  return { status: "done", detail: stepDetail.noticeWritten };
};
