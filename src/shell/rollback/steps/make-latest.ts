import { getLatestRelease, updateRelease } from "../../../github/releases.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import type { SagaStep } from "./context.js";

/** The last known good release becomes *Latest* again (a release revoked in place no longer is). */
export const makeLatest: SagaStep = async (ctx) => {
  const { good } = ctx.state.plan;
  if (!good) return { status: "skipped", detail: stepDetail.noGoodRelease };
  const latest = await getLatestRelease(ctx.octokit, ctx.repo);
  if (latest?.id !== good.id) await updateRelease(ctx.octokit, ctx.repo, good.id, { make_latest: "true" });
  return { status: "done", detail: stepDetail.madeLatest(good.tag) };
};
