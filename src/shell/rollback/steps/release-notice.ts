import { getReleaseByTag, updateRelease, type ReleaseSnapshot } from "../../../github/releases.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { withReleaseNotice } from "../../../rollback/release-notice.js";
import type { StepContext, StepResult } from "./context.js";

/** The release the plan showed, if its tag still names it (same id); undefined when it is gone or replaced. */
export async function plannedRelease(ctx: StepContext): Promise<ReleaseSnapshot | undefined> {
  const { plan } = ctx.state;
  const release = await getReleaseByTag(ctx.octokit, ctx.repo, plan.tag);
  return release && release.id === plan.releaseId ? release : undefined;
}

/** Put Anvil's notice (caution banner or known-issue note) at the top of the planned release's notes, once. */
export async function writeReleaseNotice(ctx: StepContext, notice: string): Promise<StepResult> {
  const release = await plannedRelease(ctx);
  if (!release) return { status: "skipped", detail: stepDetail.releaseGone };
  const body = withReleaseNotice(release.body, notice);
  if (body !== release.body) await updateRelease(ctx.octokit, ctx.repo, release.id, { body });
  return { status: "done", detail: stepDetail.noticeWritten };
}
