import { listPinnedIssues, pinIssue, PIN_LIMIT, unpinIssue } from "../../../github/pins.js";
import { stepDetail } from "../../../messages/rollback-steps.js";
import { ANNOUNCEMENT_MARKER } from "../../../rollback/marker-kinds.js";
import type { SagaStep } from "./context.js";

/** Pin the announcement, making room only by unpinning Anvil's own older announcements. */
export const pin: SagaStep = async (ctx) => {
  const target = ctx.state.announcementNodeId;
  if (!target) return { status: "skipped", detail: stepDetail.noAnnouncementToPin };
  const pinned = await listPinnedIssues(ctx.octokit, ctx.repo);
  if (pinned.some((issue) => issue.id === target)) return { status: "done", detail: stepDetail.alreadyPinned };
  if (pinned.length >= PIN_LIMIT) {
    const own = (login: string | undefined) => login === ctx.identity.botLogin || login === ctx.identity.slug;
    const older = pinned.find((issue) => own(issue.author) && ctx.markers.find(issue.body, ANNOUNCEMENT_MARKER) !== undefined);
    if (!older) return { status: "skipped", detail: stepDetail.noRoomToPin(PIN_LIMIT, ctx.state.announcement) };
    await unpinIssue(ctx.octokit, older.id);
    await pinIssue(ctx.octokit, target);
    return { status: "done", detail: stepDetail.pinnedAfterUnpinning(older.number) };
  }
  await pinIssue(ctx.octokit, target);
  return { status: "done", detail: stepDetail.pinned };
};
