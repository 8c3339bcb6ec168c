import { updateRelease } from "../../../github/releases.js";
import { renderCautionBanner } from "../../../messages/response.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { REVOKED_TITLE_PREFIX } from "../../../rollback/last-known-good.js";
import { withReleaseNotice } from "../../../rollback/release-notice.js";
import type { SagaStep } from "./context.js";
import { plannedRelease } from "./release-notice.js";

/**
 * Revoke in place (the release and its tag are kept): mark the title, put a caution banner naming
 * the version to use at the top of the notes, stop it being Latest, and demote it to a pre-release
 * unless it is immutable (then only title and notes may change). `make-latest` follows.
 */
export const revokeInPlace: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const release = await plannedRelease(ctx);
  if (!release) return { status: "skipped", detail: stepDetail.releaseGone };
  const body = withReleaseNotice(release.body, renderCautionBanner({ tag: plan.tag, good: plan.good?.tag }));
  const name = release.name.startsWith(REVOKED_TITLE_PREFIX) ? release.name : `${REVOKED_TITLE_PREFIX} ${release.name}`;
  const demote = !plan.immutable && !release.prerelease;
  if (body !== release.body || name !== release.name || demote) {
    await updateRelease(ctx.octokit, ctx.repo, plan.releaseId, { name, body, make_latest: "false", ...(demote ? { prerelease: true } : {}) });
  }
  return { status: "done", detail: stepDetail.revokedInPlace(plan.immutable) };
};
