import { retagWarning, stepDetail } from "../../../messages/rollback-steps.js";
import { bareVersion } from "../../../versions/versions.js";
import type { SagaStep } from "./context.js";

/** The version file still holding the revoked version means the next push may re-create the tag. */
export const retagCheck: SagaStep = async (ctx) => {
  const manifest = await ctx.manifest();
  if (!manifest?.version) return { status: "skipped", detail: stepDetail.noVersionFile };
  const revoked = bareVersion(ctx.state.plan.tag);
  if (manifest.version !== revoked) return { status: "done", detail: stepDetail.versionMovedOn(manifest.file, manifest.version) };
  const warning = retagWarning(manifest.file, revoked, ctx.state.plan.tag);
  if (!ctx.state.warnings.includes(warning)) ctx.state.warnings.push(warning);
  return { status: "done", detail: stepDetail.retagHazard(manifest.file, revoked) };
};
