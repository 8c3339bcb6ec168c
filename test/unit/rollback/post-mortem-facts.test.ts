import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import type { ReleaseSnapshot } from "../../../src/github/releases.js";
import { auditText } from "../../../src/messages/rollback-steps.js";
import { parseCommand, type RollbackRequest } from "../../../src/rollback/parse-command.js";
import { planRollback, type RollbackState } from "../../../src/rollback/plan.js";
import { postMortemFactsFrom } from "../../../src/rollback/post-mortem-facts.js";

const release = (tag: string, id: number): ReleaseSnapshot => ({
  id, tag, name: `Widgets ${tag}`, body: "", draft: false, prerelease: false, immutable: false, targetCommitish: "main",
  createdAt: "2026-11-01T00:00:00Z", publishedAt: "2026-11-01T00:00:00Z", htmlUrl: "https://x", author: "maya", assets: [],
});

describe("the post-mortem's facts from the rollback's signed state", () => {
  it("finds plan and confirmation by the audit lines the rollback writes (also a resumed confirmation), and keeps the steps", () => {
    const releases = [release("v0.0.9", 1), release("v0.1.0", 2)];
    const plan = planRollback({ request: parseCommand({ name: "rollback", rest: " v0.1.0" }) as RollbackRequest, release: releases[1]!, releases, commitSha: "f".repeat(40), config: configSchema.parse({}), requestedBy: "maya", issueNumber: 3, now: new Date("2026-11-25T10:00:00Z") });
    const state: RollbackState = {
      phase: "done", plan, commandCommentIds: [11, 12], warnings: [],
      outcomes: { "delete-release": { status: "done", detail: "release deleted", at: "2026-11-25T10:06:00Z" } },
      audit: [
        { at: "2026-11-25T10:00:00Z", actor: "maya", text: auditText.planned("awaiting --confirm") },
        { at: "2026-11-25T10:05:00Z", actor: "walt", text: auditText.confirmed(true) },
        { at: "2026-11-25T10:06:00Z", actor: "walt", text: auditText.step("delete-release", "done", "release deleted") },
      ],
    };
    const facts = postMortemFactsFrom({ state, incident: { number: 4, url: "https://x/4" } });
    expect(facts.confirmation).toEqual({ at: "2026-11-25T10:05:00Z", actor: "walt" });
    expect(facts.revokedAt).toBe("2026-11-25T10:06:00Z");
    expect(facts.audit.map((entry) => entry.text)).toEqual([auditText.step("delete-release", "done", "release deleted")]);
  });
});
