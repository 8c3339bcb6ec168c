import { getReleaseByTag, updateRelease } from "../../../github/releases.js";
import { renderCautionBanner } from "../../../messages/response.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { withReleaseNotice } from "../../../rollback/release-notice.js";
import type { SagaStep } from "./context.js";

/** A caution banner at the top of a kept release's notes (`--revoke none` on a severity with a banner). */
export const cautionBanner: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
  if (!release || release.id !== plan.releaseId) return { status: "skipped", detail: stepDetail.releaseGone };
  const body = withReleaseNotice(release.body, renderCautionBanner({ tag: plan.tag, good: plan.good?.tag }));
  if (body !== release.body) await updateRelease(ctx.octokit, ctx.repo, release.id, { body });
  return { status: "done", detail: stepDetail.noticeWritten };
};
