import pino from "pino";
import { ProbotOctokit, type Logger } from "probot";
import { configSchema } from "../../../src/config/schema.js";
import type { CommandContext } from "../../../src/shell/rollback/command-context.js";
import { BOT_LOGIN, markersFor } from "../../helpers/probot.js";

export const OWNER = "acme";
export const REPO = "widgets";
export const R = `/repos/${OWNER}/${REPO}`;

/** A command context on issue 1 talking to nock, with every reply and reaction recorded. */
export function testContext(overrides: { config?: Record<string, unknown>; actor?: string; now?: Date } = {}) {
  const replies: string[] = [];
  const reactions: string[] = [];
  const octokit = new ProbotOctokit({ auth: { token: "ghs_test" }, retry: { enabled: false }, throttle: { enabled: false } });
  const ctx: CommandContext = {
    octokit: octokit as unknown as CommandContext["octokit"],
    repo: { owner: OWNER, repo: REPO },
    config: configSchema.parse(overrides.config ?? {}),
    identity: { appId: 123, slug: "anvil", botLogin: BOT_LOGIN },
    markers: markersFor(),
    log: pino({ level: "silent" }) as unknown as Logger,
    issueNumber: 1,
    commentId: 77,
    actor: overrides.actor ?? "maya",
    now: () => overrides.now ?? new Date("2026-11-25T10:00:00Z"),
    reply: async (body) => {
      replies.push(body);
      return { id: 9000 + replies.length };
    },
    react: async (content) => {
      reactions.push(content);
    },
  };
  return { ctx, replies, reactions };
}

import type { ReleaseSnapshot } from "../../../src/github/releases.js";
import { parseCommand, type RollbackRequest } from "../../../src/rollback/parse-command.js";
import { planRollback, type RollbackState } from "../../../src/rollback/plan.js";

export const SHA = "c".repeat(40);

export function snapshot(id: number, tag: string, extra: Partial<ReleaseSnapshot> = {}): ReleaseSnapshot {
  return {
    id, tag, name: `Widgets ${tag}`, body: "Notes", draft: false, prerelease: false, immutable: false, targetCommitish: "main",
    createdAt: "2026-11-01T00:00:00Z", publishedAt: "2026-11-01T00:00:00Z", htmlUrl: "https://x", author: "maya", assets: [], ...extra,
  };
}

/** A planned rollback of v0.1.0 (release 3) with v0.0.9 (release 2) as the last known good version. */
export function plannedState(rest = " v0.1.0", extra: Partial<RollbackState> = {}): RollbackState {
  const releases = [snapshot(3, "v0.1.0"), snapshot(2, "v0.0.9")];
  const plan = planRollback({ request: parseCommand({ name: "rollback", rest }) as RollbackRequest, release: releases[0]!, releases, commitSha: SHA, config: configSchema.parse({}), requestedBy: "maya", issueNumber: 1, now: new Date("2026-11-25T10:00:00Z") });
  return { phase: "planned", plan, commandCommentIds: [70], outcomes: {}, warnings: [], audit: [], ...extra };
}
