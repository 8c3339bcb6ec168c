import { createIssue } from "../../../github/issues.js";
import { ensureLabel } from "../../../github/labels.js";
import { announcementTitle, renderAnnouncement } from "../../../messages/rollback-issues.js";
import { REGISTRY_NAMES, stepDetail } from "../../../messages/rollback-steps.js";
import { ANNOUNCEMENT_MARKER } from "../../../rollback/marker-kinds.js";
import { isOwnIssueFor, type SagaStep } from "./context.js";
import { pinCommand } from "./pin-command.js";

/** Open the public announcement: what happened and which version to pin to. One per tag. */
export const announce: SagaStep = async (ctx) => {
  const { plan } = ctx.state;
  const existing = (await ctx.ownIssues()).find(isOwnIssueFor(ctx.markers, ANNOUNCEMENT_MARKER, plan.tag));
  if (existing) {
    ctx.state.announcement = existing.number;
    ctx.state.announcementNodeId = existing.nodeId;
    (ctx.state.links ??= {}).announcement = existing.htmlUrl;
    return { status: "done", detail: stepDetail.announced(existing.number) };
  }
  const manifest = await ctx.manifest();
  const body = `${ctx.markers.encode(ANNOUNCEMENT_MARKER, { tag: plan.tag })}\n${renderAnnouncement(plan, await pinCommand(ctx), manifest ? REGISTRY_NAMES[manifest.ecosystem] : undefined)}`;
  await ensureLabel(ctx.octokit, ctx.repo, ctx.config.labels.announcement, "Revoked release announced by Anvil");
  const issue = await createIssue(ctx.octokit, ctx.repo, { title: announcementTitle(plan), body, labels: [ctx.config.labels.announcement] });
  ctx.state.announcement = issue.number;
  ctx.state.announcementNodeId = issue.nodeId;
  (ctx.state.links ??= {}).announcement = issue.htmlUrl;
  return { status: "done", detail: stepDetail.announced(issue.number) };
};
