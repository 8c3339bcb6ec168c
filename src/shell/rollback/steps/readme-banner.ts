import { reachDetail } from "../../../messages/reach-steps.js";
import { openBannerPull } from "../../reach/open-banner-pull.js";
import type { SagaStep } from "./context.js";
import { issueLinks } from "./issue-links.js";

/** Issue 12: a pull request adding the README warning banner (see shell/reach/open-banner-pull.ts). */
export const readmeBanner: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const links = await issueLinks(ctx);
  if (links.announcement === null) return { status: "skipped", detail: reachDetail.noAnnouncementToLink };
  const result = await openBannerPull(ctx, { tag: plan.tag, good: plan.good?.tag, announcementUrl: links.announcement, incidentUrl: links.incident ?? undefined, ...(plan.drill ? { drill: true } : {}) });
  if (result.pull !== undefined) ctx.state.bannerPull = result.pull;
  return { status: result.status, detail: result.detail };
};
