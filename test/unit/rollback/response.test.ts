import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Severity } from "../../../src/config/schema.js";
import { describeResponse, renderResponseNote, responseStepLabel } from "../../../src/messages/response.js";
import { decideResponse, defaultResponses, severityResponseFields, type ReleaseFacts, type ResponseOverrides } from "../../../src/rollback/response.js";

const mutable: ReleaseFacts = { immutable: false, hasLastKnownGood: true };
const respond = (severity: Severity, overrides: ResponseOverrides = {}, release: ReleaseFacts = mutable) => decideResponse({ severity, config: defaultResponses[severity], overrides, release });

describe("the response per severity (the decision matrix)", () => {
  it("critical: release and tag deleted, pinned announcement, drafted advisory, notes untouched, re-tag check", () => {
    const response = respond("critical");
    expect(response).toMatchObject({ revocation: "delete", announcement: "pinned", advisory: "drafted", advisoryOnRequest: false, releaseNotes: "none", notes: [] });
    expect(response.steps).toEqual(["record", "delete-release", "delete-tag", "announce", "pin", "advisory", "retag-check", "incident"]);
  });

  it("critical on an immutable release: revoked in place instead, and the plan says why", () => {
    const response = respond("critical", {}, { immutable: true, hasLastKnownGood: true });
    expect(response).toMatchObject({ revocation: "mark", requestedRevocation: "delete", releaseNotes: "banner", advisory: "drafted" });
    expect(response.steps).toEqual(["record", "revoke-in-place", "make-latest", "announce", "pin", "advisory", "incident"]);
    expect(response.notes).toEqual([{ kind: "immutable-revoked-in-place" }]);
  });

  it("high: kept and revoked in place (banner, last known good made Latest), pinned, advisory only with --advisory", () => {
    const response = respond("high");
    expect(response).toMatchObject({ revocation: "mark", announcement: "pinned", advisory: "none", releaseNotes: "banner" });
    expect(response.steps).toEqual(["record", "revoke-in-place", "make-latest", "announce", "pin", "incident"]);
    const asked = respond("high", { advisory: true });
    expect(asked).toMatchObject({ advisory: "drafted", advisoryOnRequest: true });
    expect(asked.steps).toEqual(["record", "revoke-in-place", "make-latest", "announce", "pin", "advisory", "incident"]);
  });

  it("high with no earlier stable release: nothing to make Latest, and the plan says so", () => {
    const response = respond("high", {}, { immutable: false, hasLastKnownGood: false });
    expect(response.steps).not.toContain("make-latest");
    expect(response.notes).toEqual([{ kind: "no-latest-to-restore" }]);
  });

  it("medium: kept, a known-issue note, an announcement opened but not pinned", () => {
    const response = respond("medium");
    expect(response).toMatchObject({ revocation: "none", announcement: "open", advisory: "none", releaseNotes: "known-issue" });
    expect(response.steps).toEqual(["record", "known-issue-note", "announce", "incident"]);
    expect(respond("medium", { advisory: true }).steps).toEqual(["record", "known-issue-note", "announce", "advisory", "incident"]);
  });

  it("low: incident tracking only; the matrix recommends a fix in the next regular release; --advisory is refused in the plan", () => {
    const response = respond("low");
    expect(response).toMatchObject({ revocation: "none", announcement: "none", advisory: "none", releaseNotes: "none" });
    expect(response.steps).toEqual(["record", "incident"]);
    expect(response.notes).toEqual([{ kind: "next-regular-release" }]);
    const asked = respond("low", { advisory: true });
    expect(asked.advisory).toBe("none");
    expect(asked.notes).toContainEqual({ kind: "advisory-never", severity: "low" });
  });

  it("--revoke overrides the revocation for one run, and the plan names the override", () => {
    const marked = respond("critical", { revoke: "mark" });
    expect(marked.steps).toEqual(["record", "revoke-in-place", "make-latest", "announce", "pin", "advisory", "incident"]);
    expect(marked.notes).toEqual([{ kind: "revoke-overridden", configured: "delete", requested: "mark" }]);
    const deleted = respond("medium", { revoke: "delete" });
    expect(deleted.steps).toEqual(["record", "delete-release", "delete-tag", "announce", "retag-check", "incident"]);
    expect(deleted.notes).toEqual([{ kind: "revoke-overridden", configured: "none", requested: "delete" }, { kind: "release-notes-gone" }]);
    const none = respond("high", { revoke: "none" });
    expect(none.steps).toEqual(["record", "caution-banner", "announce", "pin", "incident"]);
    expect(respond("high", { revoke: "mark" }).notes).toEqual([]);
  });

  it("configuration shapes the response: a known-issue note gives way to the banner when revoking in place", () => {
    const response = decideResponse({ severity: "medium", config: { ...defaultResponses.medium, revoke: "mark" }, release: mutable });
    expect(response.releaseNotes).toBe("banner");
    expect(response.notes).toEqual([{ kind: "banner-replaces-note" }]);
    expect(decideResponse({ severity: "low", config: { ...defaultResponses.low, advisory: true, announcement: "open" }, release: mutable }).steps).toEqual(["record", "announce", "advisory", "incident"]);
  });

  it("the config fragment fills every field a repository leaves out with the matrix default, and refuses unknown values", () => {
    const schema = z.object(severityResponseFields("high")).strict();
    expect(schema.parse({})).toEqual(defaultResponses.high);
    expect(schema.parse({ revoke: "delete", advisory: true })).toEqual({ ...defaultResponses.high, revoke: "delete", advisory: true });
    expect(schema.safeParse({ revoke: "yank" }).success).toBe(false);
    expect(schema.safeParse({ advisory: "sometimes" }).success).toBe(false);
  });
});

describe("the response in words", () => {
  it("describes each column as the plan shows it", () => {
    expect(describeResponse(respond("critical"), { tag: "v0.1.0", good: "v0.0.9", immutable: false })).toEqual([
      ["Release and tag", "**deleted**: release and tag `v0.1.0`"],
      ["Announcement", "an issue telling users what to do, **pinned**"],
      ["Security advisory", "a private draft, never linked from public text"],
      ["Release notes", "unchanged"],
    ]);
    const high = describeResponse(respond("high"), { tag: "v0.1.0", good: "v0.0.9", immutable: false });
    expect(high[0]?.[1]).toBe("**kept, revoked in place**: demoted to pre-release, a caution banner at the top of its notes naming `v0.0.9`, and `v0.0.9` made *Latest*");
    expect(describeResponse(respond("medium"), { tag: "v0.1.0", good: undefined, immutable: false })).toEqual([
      ["Release and tag", "kept as it is"],
      ["Announcement", "an issue telling users what to do, opened, not pinned"],
      ["Security advisory", "none for this severity"],
      ["Release notes", "a “known issue” note at the top"],
    ]);
    expect(describeResponse(respond("critical", {}, { immutable: true, hasLastKnownGood: false }), { tag: "v0.1.0", good: undefined, immutable: true })[0]?.[1]).toBe(
      "**kept, revoked in place**: title marked revoked (immutable: it stays a full release), a caution banner at the top of its notes saying not to use it, (no earlier stable release to make *Latest*)",
    );
  });

  it("every note and every step has words", () => {
    for (const severity of ["critical", "high", "medium", "low"] as const) {
      for (const overrides of [{}, { revoke: "delete" as const, advisory: true }, { revoke: "mark" as const }]) {
        const response = respond(severity, overrides, { immutable: severity === "high", hasLastKnownGood: severity !== "medium" });
        for (const note of response.notes) expect(renderResponseNote(note)).toMatch(/\.$/);
        for (const step of response.steps) expect(responseStepLabel(step, { tag: "v0.1.0", good: "v0.0.9", immutable: false, releaseId: 5, commitSha: "abcdef0123" })).not.toBe("");
      }
    }
    expect(renderResponseNote({ kind: "advisory-never", severity: "low" })).toContain("`rollback.severities.low.advisory: false`");
    expect(responseStepLabel("revoke-in-place", { tag: "v0.1.0", good: "v0.0.9", immutable: false, releaseId: 5, commitSha: "abc" })).toBe("Revoke `v0.1.0` in place: demote it to pre-release and put a caution banner naming `v0.0.9` at the top of its notes");
  });
});

describe("the configuration carries the response", () => {
  it("an empty file yields the matrix; a repository changes one field of one severity; resolution and overdue settings have defaults", async () => {
    const { configSchema } = await import("../../../src/config/schema.js");
    const config = configSchema.parse({});
    for (const severity of ["critical", "high", "medium", "low"] as const) expect(config.rollback.severities[severity]).toMatchObject(defaultResponses[severity]);
    expect(config.rollback.resolution).toEqual({ announcement: "close" });
    expect(config.rollback.advisory.publishOnResolution).toBe(false);
    expect(config.labels.overdue).toBe("incident-overdue");
    const custom = configSchema.parse({ rollback: { severities: { medium: { announcement: "pinned" } }, resolution: { announcement: "keep" } } });
    expect(custom.rollback.severities.medium).toMatchObject({ ...defaultResponses.medium, announcement: "pinned", respondWithin: "48 hours" });
    expect(configSchema.safeParse({ rollback: { severities: { low: { revoke: "yank" } } } }).success).toBe(false);
  });
});
