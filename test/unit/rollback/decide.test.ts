import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import type { ReleaseSnapshot } from "../../../src/github/releases.js";
import { decideRollback, type DecideInput, type OwnStatus } from "../../../src/rollback/decide.js";
import { parseCommand, type RollbackRequest } from "../../../src/rollback/parse-command.js";
import { planRollback, type RollbackState } from "../../../src/rollback/plan.js";

const NOW = new Date("2026-11-25T10:00:00Z");
const release = (tag: string, id: number): ReleaseSnapshot => ({
  id, tag, name: tag, body: "", draft: false, prerelease: false, immutable: false, targetCommitish: "main",
  createdAt: "2026-11-01T00:00:00Z", publishedAt: "2026-11-01T00:00:00Z", htmlUrl: "https://x", author: "maya", assets: [],
});
const request = (rest: string) => parseCommand({ name: "rollback", rest }) as RollbackRequest;
function status(commentId: number, phase: RollbackState["phase"], extra: { tag?: string; createdAt?: Date; commands?: number[] } = {}): OwnStatus {
  const releases = [release("v0.0.9", 1), release(extra.tag ?? "v0.1.0", 2)];
  const plan = planRollback({ request: request(` ${extra.tag ?? "v0.1.0"}`), release: releases[1]!, releases, commitSha: "c".repeat(40), config: configSchema.parse({}), requestedBy: "maya", issueNumber: 1, now: extra.createdAt ?? NOW });
  return { commentId, state: { phase, plan, commandCommentIds: extra.commands ?? [commentId - 1], outcomes: {}, warnings: [], audit: [] } };
}
const decide = (rest: string, statuses: OwnStatus[], extra: Partial<DecideInput> = {}) =>
  decideRollback({ request: request(rest), commandCommentId: 500, issueNumber: 1, statuses, confirmRequired: true, ttlMinutes: 30, now: NOW, ...extra });

describe("deciding what a /rollback command does", () => {
  it("a plain command plans, whatever exists", () => {
    expect(decide(" v0.1.0", [])).toEqual({ kind: "plan", reason: "requested", execute: false });
    expect(decide(" v0.1.0", [status(11, "planned")])).toMatchObject({ kind: "plan", reason: "requested", execute: false });
  });

  it("a command already recorded in a status comment is a redelivery: nothing happens when planned, failed, done or aborted", () => {
    for (const phase of ["planned", "failed", "done", "aborted"] as const) {
      expect(decide(" v0.1.0 --confirm", [status(11, phase, { commands: [10, 500] })])).toEqual({ kind: "redelivery" });
    }
  });

  it("a redelivered --confirm whose run was interrupted (phase running) resumes it; an older command of that run does not", () => {
    const running = status(11, "running", { commands: [10, 500] });
    expect(decide(" v0.1.0 --confirm", [running])).toEqual({ kind: "run", status: running, interrupted: true });
    expect(decide(" v0.1.0", [status(11, "running", { commands: [500, 600] })])).toEqual({ kind: "redelivery" });
  });

  it("a command Anvil already replied to (a refusal, help) is a redelivery", () => {
    expect(decide(" v0.1.0 --confirm", [], { replies: [{ command: 500, to: "maya", kind: "refusal", commentId: 9, createdAt: NOW.toISOString() }] })).toEqual({ kind: "redelivery" });
  });

  it("--confirm runs a fresh plan for the same tag, with or without the v", () => {
    const fresh = status(11, "planned", { createdAt: new Date(NOW.getTime() - 29 * 60_000) });
    expect(decide(" v0.1.0 --confirm", [fresh])).toEqual({ kind: "run", status: fresh, interrupted: false });
    expect(decide(" 0.1.0 --confirm", [fresh])).toEqual({ kind: "run", status: fresh, interrupted: false });
  });

  it("--confirm on an expired plan plans again and says it expired", () => {
    const old = status(11, "planned", { createdAt: new Date(NOW.getTime() - 31 * 60_000) });
    expect(decide(" v0.1.0 --confirm", [old])).toMatchObject({ kind: "plan", reason: "expired", execute: false });
  });

  it("--confirm without a plan for this tag plans (another tag's plan does not count)", () => {
    expect(decide(" v0.1.0 --confirm", [status(11, "planned", { tag: "v0.2.0" })])).toMatchObject({ kind: "plan", reason: "no-plan", execute: false });
  });

  it("--confirm resumes a failed or interrupted run even after the plan's time ran out", () => {
    const old = new Date(NOW.getTime() - 3 * 60 * 60_000);
    expect(decide(" v0.1.0 --confirm", [status(11, "failed", { createdAt: old })]).kind).toBe("run");
    expect(decide(" v0.1.0 --confirm", [status(11, "running", { createdAt: old })]).kind).toBe("run");
  });

  it("--confirm after a complete rollback repeats nothing; after a stopped one it plans afresh", () => {
    expect(decide(" v0.1.0 --confirm", [status(11, "done")]).kind).toBe("already-done");
    expect(decide(" v0.1.0 --confirm", [status(11, "aborted")])).toMatchObject({ kind: "plan", reason: "expired", execute: false });
  });

  it("the newest status comment for the tag decides", () => {
    const done = status(11, "done", { createdAt: new Date(NOW.getTime() - 86_400_000) });
    const fresh = status(21, "planned");
    expect(decide(" v0.1.0 --confirm", [done, fresh])).toEqual({ kind: "run", status: fresh, interrupted: false });
  });

  it("--dry-run never executes, even with --confirm and confirmation off", () => {
    expect(decide(" v0.1.0 --dry-run --confirm", [status(11, "planned")], { confirmRequired: false })).toMatchObject({ kind: "plan", execute: false });
  });

  it("with confirmation off, a plain command plans and executes at once, or runs the fresh plan there is", () => {
    expect(decide(" v0.1.0", [], { confirmRequired: false })).toEqual({ kind: "plan", reason: "requested", execute: true });
    const fresh = status(11, "planned");
    expect(decide(" v0.1.0", [fresh], { confirmRequired: false })).toEqual({ kind: "run", status: fresh, interrupted: false });
  });

  it("--confirm refuses when the newest status comment for the tag was altered, and plans are still allowed", () => {
    const fresh = status(11, "planned");
    expect(decide(" v0.1.0 --confirm", [fresh], { altered: [{ commentId: 12, tags: ["v0.1.0"] }] })).toEqual({ kind: "tampered", commentId: 12 });
    expect(decide(" v0.1.0 --confirm", [], { altered: [{ commentId: 12, tags: [] }] })).toEqual({ kind: "tampered", commentId: 12 });
    // An altered comment older than a fresh verified plan, or about another tag, does not block.
    expect(decide(" v0.1.0 --confirm", [fresh], { altered: [{ commentId: 5, tags: ["v0.1.0"] }] }).kind).toBe("run");
    expect(decide(" v0.1.0 --confirm", [fresh], { altered: [{ commentId: 12, tags: ["v0.2.0"] }] }).kind).toBe("run");
    expect(decide(" v0.1.0", [fresh], { altered: [{ commentId: 12, tags: ["v0.1.0"] }] }).kind).toBe("plan");
  });

  it("a verified state written for another issue, or one state in two comments, is not trusted", () => {
    const elsewhere = status(11, "planned");
    elsewhere.state.plan.issueNumber = 2;
    expect(decide(" v0.1.0 --confirm", [elsewhere])).toEqual({ kind: "tampered", commentId: 11 });
    const original = status(11, "planned");
    const copy = { commentId: 3, state: structuredClone(original.state) };
    expect(decide(" v0.1.0 --confirm", [copy, original]).kind).toBe("tampered");
  });

  it("--confirm with flags that differ from a fresh plan plans again with them, naming each difference", () => {
    const low = status(11, "planned");
    Object.assign(low.state.plan, { severity: "low", advisory: false });
    expect(decide(" v0.1.0 --severity critical --confirm", [low])).toEqual({
      kind: "plan", reason: "mismatch", execute: false, previous: low, differences: [{ flag: "severity", planned: "low", requested: "critical" }],
    });
    expect(decide(' v0.1.0 --reason "other" --advisory --confirm', [low])).toMatchObject({
      kind: "plan", reason: "mismatch", differences: [{ flag: "advisory" }, { flag: "reason", planned: "none", requested: "other" }],
    });
    // Repeating the plan's own flags, or leaving them out, confirms it.
    expect(decide(" v0.1.0 --severity low --confirm", [low]).kind).toBe("run");
    expect(decide(" v0.1.0 --revoke mark --confirm", [low])).toMatchObject({ differences: [{ flag: "revoke", planned: "delete", requested: "mark" }] });
  });

  it("--confirm with other flags on a run that already started refuses, naming the difference", () => {
    const failed = status(11, "failed");
    expect(decide(" v0.1.0 --severity high --confirm", [failed])).toEqual({
      kind: "mismatch", status: failed, differences: [{ flag: "severity", planned: "critical", requested: "high" }],
    });
  });
});
