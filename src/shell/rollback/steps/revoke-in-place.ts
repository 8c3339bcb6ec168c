import { getReleaseByTag, updateRelease } from "../../../github/releases.js";
import { revokedReleaseNotice, stepDetail } from "../../../messages/rollback-steps.js";
import { REVOKED_TITLE_PREFIX } from "../../../rollback/last-known-good.js";
import type { SagaStep } from "./context.js";

/** An immutable release cannot be deleted: mark it revoked and make the good version latest. */
export const revokeInPlace: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
  if (release && !release.name.startsWith(REVOKED_TITLE_PREFIX)) {
    await updateRelease(ctx.octokit, ctx.repo, plan.releaseId, { name: `${REVOKED_TITLE_PREFIX} ${release.name}`, body: revokedReleaseNotice(plan) + release.body, make_latest: "false" });
  }
  if (plan.good) await updateRelease(ctx.octokit, ctx.repo, plan.good.id, { make_latest: "true" });
  return { status: "done", detail: stepDetail.revokedInPlace(plan.good?.tag) };
};
