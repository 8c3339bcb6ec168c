import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import type { ReleaseSnapshot } from "../../../src/github/releases.js";
import { markerCodec } from "../../../src/markers/codec.js";

const markers = markerCodec("42");
import { announcementTitle, incidentTitle, renderAdvisoryDescription, renderAnnouncement, renderIncidentBody, renderRecord } from "../../../src/messages/rollback-issues.js";
import { formatBytes, renderHelp, renderRollbackComment, renderUnauthorized } from "../../../src/messages/rollback.js";
import { parseCommand, type RollbackRequest } from "../../../src/rollback/parse-command.js";
import { planRollback, readRollbackState, renderStatusComment, type RollbackPlan, type RollbackState } from "../../../src/rollback/plan.js";

const release = (tag: string, id: number): ReleaseSnapshot => ({
  id, tag, name: `Widgets ${tag}`, body: "## Notes\n```\ncode\n```", draft: false, prerelease: false, immutable: false, targetCommitish: "main",
  createdAt: "2026-11-01T00:00:00Z", publishedAt: "2026-11-01T00:00:00Z", htmlUrl: "https://x", author: "maya",
  assets: [{ name: "widgets-0.1.0.whl", size: 18_432, digest: "sha256:5f2b", downloadUrl: "https://x" }],
});
const NOW = new Date("2026-11-25T10:00:00Z");
function plan(rest: string): RollbackPlan {
  const releases = [release("v0.0.9", 1), release("v0.1.0", 2)];
  return planRollback({ request: parseCommand({ name: "rollback", rest }) as RollbackRequest, release: releases[1]!, releases, commitSha: "fea3cf4".padEnd(40, "0"), config: configSchema.parse({}), requestedBy: "maya", issueNumber: 3, now: NOW });
}
const state = (p: RollbackPlan, extra: Partial<RollbackState> = {}): RollbackState => ({ phase: "planned", plan: p, commandCommentIds: [11], outcomes: {}, warnings: [], audit: [], ...extra });

describe("the status comment", () => {
  it("a plan: the facts, every step unticked, how to confirm and until when; its state round-trips through the hidden marker", () => {
    const s = state(plan(' v0.1.0 --severity critical --reason "deletes files"'));
    const body = renderStatusComment(markers, s, { confirmRequired: true, ttlMinutes: 30 });
    expect(body).toContain("### Rollback plan for `v0.1.0` — nothing has been changed yet");
    expect(body).toContain("| Tag | `v0.1.0` → commit `fea3cf40");
    expect(body).toContain("| Last known good | `v0.0.9`");
    expect(body).toContain("`widgets-0.1.0.whl` (18.0 KiB, `sha256:5f2b`)");
    expect(body).toContain("respond within 1 hour (by 2026-11-25T11:00:00.000Z)");
    expect(body).toContain("maya: “deletes files”");
    expect(body.match(/^- ▫️/gm)).toHaveLength(10); // 8 of issue 9 and 11, README banner and notify (issue 12)
    expect(body).toContain("`/rollback v0.1.0 --confirm` within 30 minutes (until 2026-11-25T10:30:00.000Z)");
    expect(readRollbackState(body, markers)).toEqual(s);
  });

  it("a defaulted severity says so", () => {
    expect(renderRollbackComment(state(plan(" v0.1.0")), { confirmRequired: true, ttlMinutes: 30 })).toContain("**critical** (default: pass `--severity` to change it)");
  });

  it("progress: ✅ done, ⏭ skipped with why, ❌ failed with the error, and how to resume", () => {
    const p = plan(" v0.1.0 --severity critical");
    const at = NOW.toISOString();
    const body = renderRollbackComment(
      state(p, { phase: "failed", outcomes: { record: { status: "done", detail: "recorded in #4", at }, "delete-release": { status: "done", detail: "release deleted", at }, "delete-tag": { status: "failed", detail: "GitHub answered 502", at }, advisory: { status: "skipped", detail: "advisories unavailable", at } } }),
      { confirmRequired: true, ttlMinutes: 30 },
    );
    expect(body).toContain("### Rollback of `v0.1.0` stopped at a failed step");
    expect(body).toMatch(/✅ Record .* — recorded in #4/);
    expect(body).toMatch(/❌ Delete tag .* — GitHub answered 502/);
    expect(body).toMatch(/⏭ .* — advisories unavailable/);
    expect(body).toContain("to resume from the failed step");
  });

  it("warnings stand out", () => {
    const body = renderRollbackComment(state(plan(" v0.1.0"), { phase: "done", warnings: ["`pyproject.toml` still holds 0.1.0"] }), { confirmRequired: true, ttlMinutes: 30 });
    expect(body).toContain("### Rollback of `v0.1.0` complete");
    expect(body).toContain("> [!WARNING]\n> `pyproject.toml` still holds 0.1.0");
  });
});

describe("the announcement", () => {
  it("names the revoked tag and the version to use, says how to pin, and never links the private advisory", () => {
    const p = plan(' v0.1.0 --severity critical --reason "the installer deletes files"');
    expect(announcementTitle(p)).toBe("[SECURITY] v0.1.0 has been revoked: use v0.0.9");
    const body = renderAnnouncement(p, 'pip install "widgets==0.0.9"', "PyPI");
    expect(body).toContain("```sh\npip install \"widgets==0.0.9\"\n```");
    expect(body).toContain("**Why:** the installer deletes files");
    expect(body).toContain("(PyPI)");
    expect(body).not.toMatch(/GHSA|advisories/);
  });

  it("without a good version it says to stop using the release", () => {
    const p = { ...plan(" v0.1.0"), good: null };
    expect(announcementTitle(p)).toBe("[SECURITY] v0.1.0 has been revoked: stop using it");
    expect(announcementTitle({ ...p, severity: "high", advisory: false })).toBe("v0.1.0 has been revoked: stop using it");
    expect(renderAnnouncement(p, undefined, undefined)).toContain("no earlier stable release");
  });
});

describe("the incident issue and the advisory", () => {
  it("ticks what Anvil did, keeps the rest of the procedure open, holds the record and the audit", () => {
    const p = plan(" v0.1.0 --severity critical");
    const at = NOW.toISOString();
    const s = state(p, { phase: "done", announcement: 5, outcomes: { record: { status: "done", detail: "", at }, "delete-release": { status: "done", detail: "", at }, advisory: { status: "skipped", detail: "403", at } }, audit: [{ at, actor: "maya", text: "confirmed" }] });
    const body = renderIncidentBody(p, s, renderRecord(p, release("v0.1.0", 2)));
    expect(incidentTitle(p)).toBe("Incident: v0.1.0 revoked (critical)");
    expect(body).toMatch(/^- \[x\] /m);
    expect(body).toMatch(/~.*~ — skipped: 403/);
    expect(body).toContain("- [ ] Identify root cause of the issue");
    expect(body).toContain("Record of the revoked release");
    expect(body).toContain("| `widgets-0.1.0.whl` | 18432 (18.0 KiB) | `sha256:5f2b` |");
    expect(body).toContain("maya: confirmed");
    expect(body).toContain("**Notify stakeholders now**");
  });

  it("the advisory: impact, exactly the revoked version, the workaround", () => {
    const text = renderAdvisoryDescription(plan(' v0.1.0 --reason "deletes files"'), 'pip install "widgets==0.0.9"', "<!-- anvil:advisory {} 0 -->");
    expect(text.split("\n")[0]).toBe("<!-- anvil:advisory {} 0 -->");
    expect(text).toContain("Exactly v0.1.0.");
    expect(text).toContain('Pin to v0.0.9: `pip install "widgets==0.0.9"`.');
    expect(text).toContain("deletes files");
  });
});

describe("replies", () => {
  it("help states the configured default severity and the whole grammar (--revoke, --resolved-by, post-mortem)", () => {
    const help = renderHelp(["admin"], true, 30, "medium");
    expect(help).toContain("default here: `medium`");
    expect(help).not.toContain("default `high`");
    expect(help).toContain("[--revoke delete|mark|none]");
    expect(help).toContain("/rollback <tag> --resolved-by <fix-tag>");
    expect(help).toContain("/anvil post-mortem <tag>");
  });

  it("help names the grammar and who may run it; unauthorized says which role is needed and quotes the role safely", () => {
    expect(renderHelp(["admin", "maintain"], true, 30, "critical")).toContain("collaborators with the `admin` or `maintain` role");
    const reply = renderUnauthorized("walt", "write`<b>", ["admin", "maintain"]);
    expect(reply).toContain("needs the `admin` or `maintain` role");
    expect(reply).toContain("Nothing was changed");
    expect(reply).not.toContain("<b>");
  });

  it("sizes read like GitHub's", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(18_432)).toBe("18.0 KiB");
  });
});
