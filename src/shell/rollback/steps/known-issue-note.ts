import { renderKnownIssueNote } from "../../../messages/response.js";
import type { SagaStep } from "./context.js";
import { writeReleaseNotice } from "./release-notice.js";

/** A "known issue" note at the top of a kept release's notes (medium severity), pointing at the incident. */
export const knownIssueNote: SagaStep = async (ctx) => {
  const { plan, incident } = ctx.state;
  return writeReleaseNotice(ctx, renderKnownIssueNote({ reason: plan.reason, ...(incident !== undefined ? { incident } : {}) }));
};
