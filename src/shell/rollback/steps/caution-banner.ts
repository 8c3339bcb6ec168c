import { renderCautionBanner } from "../../../messages/response.js";
import type { SagaStep } from "./context.js";
import { writeReleaseNotice } from "./release-notice.js";

/** A caution banner at the top of a kept release's notes (`--revoke none` on a severity with a banner). */
export const cautionBanner: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  return writeReleaseNotice(ctx, renderCautionBanner({ tag: plan.tag, good: plan.good?.tag }));
};
