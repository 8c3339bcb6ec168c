import { getLatestRelease, updateRelease } from "../../../github/releases.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { compareTags } from "../../../versions/versions.js";
import type { SagaStep } from "./context.js";

/**
 * The last known good release becomes *Latest* again — only when the revoked release was what
 * users saw as Latest (or Latest is older than the good one): a newer line's Latest stays.
 */
export const makeLatest: SagaStep = async (ctx) => {
  const { good, releaseId, tag } = ctx.state.plan;
  if (!good) return { status: "skipped", detail: stepDetail.noGoodRelease };
  const latest = await getLatestRelease(ctx.octokit, ctx.repo);
  if (latest?.id === good.id) return { status: "done", detail: stepDetail.madeLatest(good.tag) };
  if (latest && latest.id !== releaseId && compareTags(latest.tag, tag) > 0) return { status: "done", detail: stepDetail.newerLatestKept(latest.tag) };
  await updateRelease(ctx.octokit, ctx.repo, good.id, { make_latest: "true" });
  return { status: "done", detail: stepDetail.madeLatest(good.tag) };
};
