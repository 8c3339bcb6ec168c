import { getLatestRelease } from "../../github/releases.js";
import { DRILL_DETAIL } from "../../messages/drill.js";
import type { DrillAction } from "./context.js";

/**
 * Each step's effect was read back as it finished (its `verified`); this step sums them up and
 * checks the one thing a drill must never do: make its throwaway release Latest.
 */
export const verifyDrill: DrillAction = async (ctx) => {
  const { state, command } = ctx;
  const checked = state.runs.filter((run) => run.verified !== undefined);
  const failed = checked.filter((run) => run.verified === false).map((run) => run.step as string);
  const latest = await getLatestRelease(command.octokit, command.repo);
  const drillIsLatest = state.releaseId !== undefined && latest?.id === state.releaseId;
  if (drillIsLatest) failed.push("the drill release is Latest");
  // Steps not confirmed are reported on their own lines already; this step fails only for its own check.
  return { status: "done", detail: DRILL_DETAIL.verified(checked.length, failed), verified: !drillIsLatest };
};
