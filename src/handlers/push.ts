import type { Context } from "probot";
import type { CommitSummary } from "../checklists/render-checklist.js";
import { reportConfigProblemOf } from "../shell/config/report-config-problem.js";
import type { AppIdentity } from "../github/app-identity.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { openOrMoveChecklist } from "../shell/checklists/open-or-move-checklist.js";

type PushPayload = Context<"push">["payload"];

/** Only pushes of commits to the default branch matter; tags, deletions and other branches cost nothing. */
export function isDefaultBranchPush(payload: PushPayload): boolean {
  return (
    payload.ref === `refs/heads/${payload.repository.default_branch}` &&
    !payload.deleted &&
    payload.after !== "0000000000000000000000000000000000000000" &&
    Boolean(payload.head_commit)
  );
}

export function pushedCommits(payload: PushPayload): CommitSummary[] {
  return payload.commits.map((commit) => ({
    sha: commit.id,
    message: commit.message,
    ...(commit.author.username ? { author: commit.author.username } : {}),
  }));
}

/**
 * When GitHub received the push, in seconds: `repository.pushed_at`, a number in push payloads
 * (an ISO date elsewhere). Unchanged when a delivery is redelivered.
 */
export function pushTime(payload: PushPayload): number | undefined {
  const value: unknown = payload.repository.pushed_at;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : undefined;
  }
  return undefined;
}

/** `push` → open or move the cycle's pre-release checklist. */
export function onPush(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"push">(
    identity,
    {
      relevant: (context) => isDefaultBranchPush(context.payload),
      onConfigProblem: reportConfigProblemOf,
    },
    async (event) => {
      const { payload } = event.context;
      if (event.config.checklists.ignoreBotPushes && (isBotAccount(payload.sender) || payload.pusher.name?.endsWith("[bot]"))) {
        event.context.log.debug("push by a bot ignored (checklists.ignoreBotPushes)");
        return;
      }
      const pushedAt = pushTime(payload);
      await openOrMoveChecklist(checklistShell(event), {
        headSha: payload.after,
        before: payload.before,
        ...(pushedAt !== undefined ? { pushedAt } : {}),
        branch: payload.repository.default_branch,
        commits: pushedCommits(payload),
      });
    },
  );
}
