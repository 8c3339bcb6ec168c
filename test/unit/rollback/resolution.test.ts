import { describe, expect, it } from "vitest";
import { describeResolutionAction, renderOverdueComment, renderResolutionComment, renderResolvedSection, renderResolveRefusal, renderStatusResolutionLine, tickEvidence, TICK_ITEM_TEXT } from "../../../src/messages/resolution.js";
import { REMAINING_PROCEDURE } from "../../../src/messages/rollback-issues.js";
import {
  defaultResolutionConfig,
  claimedActions,
  earnedTicks,
  incidentRecordFor,
  incidentRecordSchema,
  openItems,
  overdueIncidents,
  recordAction,
  resolutionByCommand,
  resolutionsForRelease,
  tickItems,
  type IncidentOnFile,
  type IncidentRecord,
  type PublishedRelease,
} from "../../../src/rollback/resolution.js";

const record = (tag: string, extra: Partial<IncidentRecord> = {}): IncidentRecord => ({
  tag, severity: "critical", revocation: "delete", releaseNotes: "none", announcement: { number: 5, kind: "pinned" }, advisory: true,
  status: { issue: 3, comment: 77 }, createdAt: "2026-11-25T09:00:00Z", deadline: "2026-11-25T10:00:00Z", ...extra,
});
const incident = (issue: number, tag: string, extra: Partial<IncidentRecord> = {}): IncidentOnFile => ({ issue, record: record(tag, extra) });
const published = (tag: string, extra: Partial<PublishedRelease> = {}): PublishedRelease => ({ tag, htmlUrl: `https://github.com/acme/widgets/releases/tag/${tag}`, draft: false, prerelease: false, ...extra });

describe("which incidents a published release resolves", () => {
  it("a higher release resolves a critical incident: every action, in order, with the evidence to tick", () => {
    const [plan, ...rest] = resolutionsForRelease(published("v0.1.1"), [incident(4, "v0.1.0")], defaultResolutionConfig);
    expect(rest).toEqual([]);
    expect(plan).toMatchObject({ fixedTag: "v0.1.1", by: "release", fixedUrl: "https://github.com/acme/widgets/releases/tag/v0.1.1" });
    expect(plan?.actions).toEqual(["announce-resolution", "unpin-announcement", "close-announcement", "patch-advisory", "tick-incident", "comment-remaining", "link-status"]);
    expect(plan?.pending).toEqual(plan?.actions);
    expect(plan?.ticks).toEqual([
      { item: "hotfix-released", tag: "v0.1.1", url: "https://github.com/acme/widgets/releases/tag/v0.1.1" },
      { item: "announcement-updated", announcement: 5 },
      { item: "advisory-patched", tag: "v0.1.1" },
    ]);
  });

  it("a draft, a pre-release, the same or a lower version, or a tag that is no version resolves nothing", () => {
    const incidents = [incident(4, "v0.1.0")];
    expect(resolutionsForRelease(published("v0.1.1", { draft: true }), incidents, defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("v0.1.1", { prerelease: true }), incidents, defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("v0.1.1-rc.1"), incidents, defaultResolutionConfig)).toEqual([]); // a pre-release version, even published as a full release
    expect(resolutionsForRelease(published("0.1.0"), incidents, defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("v0.0.10"), incidents, defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("v0.1.0-hotfix"), incidents, defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("nightly"), incidents, defaultResolutionConfig)).toEqual([]);
  });

  it("compares versions semantically, with or without the v prefix", () => {
    expect(resolutionsForRelease(published("0.10.0"), [incident(4, "v0.9.0")], defaultResolutionConfig)).toHaveLength(1);
    expect(resolutionsForRelease(published("v0.9.1"), [incident(4, "v0.10.0")], defaultResolutionConfig)).toEqual([]);
  });

  it("one fix resolves two revoked versions", () => {
    const plans = resolutionsForRelease(published("v0.1.2"), [incident(4, "v0.1.0"), incident(8, "v0.1.1"), incident(9, "v0.2.0")], defaultResolutionConfig);
    expect(plans.map((p) => [p.incident.issue, p.incident.record.tag, p.fixedTag])).toEqual([[4, "v0.1.0", "v0.1.2"], [8, "v0.1.1", "v0.1.2"]]);
  });

  it("a redelivered release event does nothing twice; an interrupted resolution resumes with what is left", () => {
    const start = resolutionsForRelease(published("v0.1.1"), [incident(4, "v0.1.0")], defaultResolutionConfig)[0]!;
    let updated = start.incident.record;
    for (const action of start.pending.slice(0, 3)) updated = recordAction(updated, start, action, { at: "2026-11-25T11:00:00Z" });
    expect(updated.resolution).toEqual({ fixedTag: "v0.1.1", fixedUrl: start.fixedUrl, by: "release", at: "2026-11-25T11:00:00Z", done: ["announce-resolution", "unpin-announcement", "close-announcement"] });
    const resumed = resolutionsForRelease(published("v0.1.1"), [{ issue: 4, record: updated }], defaultResolutionConfig);
    expect(resumed[0]?.pending).toEqual(["patch-advisory", "tick-incident", "comment-remaining", "link-status"]);
    for (const action of resumed[0]!.pending) updated = recordAction(updated, start, action, { at: "2026-11-25T11:05:00Z" });
    expect(updated.resolution?.at).toBe("2026-11-25T11:00:00Z");
    expect(resolutionsForRelease(published("v0.1.1"), [{ issue: 4, record: updated }], defaultResolutionConfig)).toEqual([]);
    // recording an action twice changes nothing
    expect(recordAction(updated, start, "tick-incident", { at: "later" })).toEqual(updated);
    // the marker round-trips
    expect(incidentRecordSchema.parse(JSON.parse(JSON.stringify(updated)))).toEqual(updated);
  });

  it("an action that found nothing to do is done (never retried) but claims nothing: no tick, no line", () => {
    const start = resolutionsForRelease(published("v0.1.1"), [incident(4, "v0.1.0")], defaultResolutionConfig)[0]!;
    let updated = recordAction(start.incident.record, start, "announce-resolution", { at: "t" });
    updated = recordAction(updated, start, "patch-advisory", { at: "t" }, "skipped");
    expect(updated.resolution).toMatchObject({ done: ["announce-resolution", "patch-advisory"], skipped: ["patch-advisory"] });
    expect(earnedTicks(start.ticks, updated).map((tick) => tick.item)).toEqual(["hotfix-released", "announcement-updated"]);
    expect(claimedActions(start.actions, updated)).not.toContain("patch-advisory");
    expect(incidentRecordSchema.parse(JSON.parse(JSON.stringify(updated)))).toEqual(updated);
  });

  it("never moves backwards: an incident resolved by one release is not resolved again by another", () => {
    const resolved = recordAction(record("v0.1.0"), { fixedTag: "v0.1.2", by: "release" }, "announce-resolution", { at: "t" });
    expect(resolutionsForRelease(published("v0.1.1"), [{ issue: 4, record: resolved }], defaultResolutionConfig)).toEqual([]);
    expect(resolutionsForRelease(published("v0.1.3"), [{ issue: 4, record: resolved }], defaultResolutionConfig)).toEqual([]);
  });

  it("actions follow the incident: revoked in place gets a 'fixed in' banner; no announcement, no advisory, no status: fewer actions", () => {
    const high = incident(4, "v0.1.0", { severity: "high", revocation: "mark", releaseNotes: "banner", releaseId: 1005, advisory: false });
    expect(resolutionsForRelease(published("v0.1.1"), [high], defaultResolutionConfig)[0]?.actions).toEqual(["announce-resolution", "unpin-announcement", "close-announcement", "fixed-banner", "tick-incident", "comment-remaining", "link-status"]);
    const medium = incident(4, "v0.1.0", { severity: "medium", revocation: "none", releaseNotes: "known-issue", releaseId: 1005, advisory: false, announcement: { number: 6, kind: "open" } });
    expect(resolutionsForRelease(published("v0.1.1"), [medium], defaultResolutionConfig)[0]?.actions).toEqual(["announce-resolution", "close-announcement", "fixed-banner", "tick-incident", "comment-remaining", "link-status"]);
    const { announcement: _a, status: _s, ...bare } = record("v0.1.0", { severity: "low", revocation: "none", advisory: false, deadline: null });
    const low = resolutionsForRelease(published("v0.1.1"), [{ issue: 4, record: bare }], defaultResolutionConfig)[0];
    expect(low?.actions).toEqual(["tick-incident", "comment-remaining"]);
    expect(low?.ticks).toEqual([{ item: "hotfix-released", tag: "v0.1.1", url: "https://github.com/acme/widgets/releases/tag/v0.1.1" }]);
  });

  it("configuration: keep the announcement open (or pinned); publish the advisory only when asked to; clear an overdue flag", () => {
    const keepOpen = resolutionsForRelease(published("v0.1.1"), [incident(4, "v0.1.0")], { announcement: "unpin", publishAdvisory: true })[0];
    expect(keepOpen?.actions).toEqual(["announce-resolution", "unpin-announcement", "patch-advisory", "publish-advisory", "tick-incident", "comment-remaining", "link-status"]);
    expect(keepOpen?.ticks.map((t) => t.item)).toEqual(["hotfix-released", "announcement-updated", "advisory-patched", "advisory-published"]);
    expect(resolutionsForRelease(published("v0.1.1"), [incident(4, "v0.1.0", { overdueFlaggedAt: "t" })], { announcement: "keep", publishAdvisory: false })[0]?.actions).toEqual([
      "announce-resolution", "patch-advisory", "tick-incident", "comment-remaining", "clear-overdue", "link-status",
    ]);
  });
});

describe("resolving by command: /rollback v0.1.0 --resolved-by v0.0.10", () => {
  const incidents = [incident(4, "v0.1.0")];
  it("resolves with a lower (backport) or higher fix, linking the fix's release when there is one", () => {
    const result = resolutionByCommand({ revokedTag: "0.1.0", fixedTag: "v0.0.10", fixRelease: { tag: "v0.0.10", htmlUrl: "https://r/v0.0.10" }, incidents, config: defaultResolutionConfig });
    expect(result).toMatchObject({ kind: "resolve", plan: { fixedTag: "v0.0.10", fixedUrl: "https://r/v0.0.10", by: "command" } });
    const noRelease = resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", incidents, config: defaultResolutionConfig });
    expect(noRelease.kind === "resolve" && noRelease.plan.ticks.map((t) => t.item)).toEqual(["announcement-updated", "advisory-patched"]);
  });

  it("refuses politely: no incident, the same version, not a version, already resolved by another fix", () => {
    expect(resolutionByCommand({ revokedTag: "v0.2.0", fixedTag: "v0.2.1", incidents, config: defaultResolutionConfig })).toEqual({ kind: "refuse", reason: "no-incident" });
    expect(resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "0.1.0", incidents, config: defaultResolutionConfig })).toEqual({ kind: "refuse", reason: "same-version" });
    expect(resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "latest", incidents, config: defaultResolutionConfig })).toEqual({ kind: "refuse", reason: "not-a-version" });
    const resolved = [{ issue: 4, record: recordAction(record("v0.1.0"), { fixedTag: "v0.1.2", by: "release" }, "announce-resolution", { at: "t" }) }];
    expect(resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", incidents: resolved, config: defaultResolutionConfig })).toEqual({ kind: "refuse", reason: "already-resolved", resolvedBy: "v0.1.2" });
    expect(renderResolveRefusal({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", reason: "already-resolved", resolvedBy: "v0.1.2" })).toBe("Sorry, I won't mark `v0.1.0` resolved: the incident of `v0.1.0` is already resolved in `v0.1.2`.\n\nNothing was changed.");
  });

  it("the same command again resumes what is left, then answers that nothing is left", () => {
    let current = record("v0.1.0");
    const first = resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", incidents: [{ issue: 4, record: current }], config: defaultResolutionConfig });
    if (first.kind !== "resolve") throw new Error("expected a resolution");
    for (const action of first.plan.pending) current = recordAction(current, first.plan, action, { at: "t", actor: "maya" });
    expect(current.resolution).toMatchObject({ by: "command", actor: "maya", fixedTag: "v0.1.1" });
    expect(resolutionByCommand({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", incidents: [{ issue: 4, record: current }], config: defaultResolutionConfig }).kind).toBe("nothing-left");
  });
});

describe("overdue", () => {
  const now = new Date("2026-11-25T10:00:01Z");
  it("flags an unresolved incident past its deadline, once", () => {
    expect(overdueIncidents([incident(4, "v0.1.0")], now).map((i) => i.issue)).toEqual([4]);
    expect(overdueIncidents([incident(4, "v0.1.0")], new Date("2026-11-25T10:00:00Z"))).toEqual([]);
    expect(overdueIncidents([incident(4, "v0.1.0", { overdueFlaggedAt: "2026-11-25T10:00:01Z" })], now)).toEqual([]);
    expect(overdueIncidents([incident(4, "v0.1.0", { deadline: null })], now)).toEqual([]);
    const resolved = { issue: 4, record: recordAction(record("v0.1.0"), { fixedTag: "v0.1.1", by: "release" }, "tick-incident", { at: "t" }) };
    expect(overdueIncidents([resolved], now)).toEqual([]);
  });

  it("the overdue comment says what was due and how to resolve", () => {
    expect(renderOverdueComment({ tag: "v0.1.0", severity: "critical", respondWithin: "1 hour", deadline: "2026-11-25T10:00:00.000Z" })).toBe(
      [
        "### ⏰ v0.1.0: response overdue",
        "",
        "This critical incident was to be resolved within 1 hour (by 2026-11-25T10:00:00.000Z), and no fixed release has been published.",
        "",
        "When the fix ships as a higher release, Anvil resolves this incident by itself; otherwise comment `/rollback v0.1.0 --resolved-by <tag>`.",
      ].join("\n"),
    );
  });
});

describe("ticking the incident checklist", () => {
  const body = ["Intro", "", "### Fix and recovery", "- [ ] Tag the hotfix release", "- [x] Identify root cause of the issue", "- [ ] Publish the security advisory (if one was drafted)", "```", "- [ ] Tag the hotfix release", "```", "> - [ ] Tag the hotfix release"].join("\n");

  it("ticks only unticked items with that exact text, outside code and quotes, appending the evidence", () => {
    const ticked = tickItems(body, new Map([["Tag the hotfix release", "[v0.1.1](https://r) released"], ["Identify root cause of the issue", "nope"]]));
    expect(ticked.split("\n")).toEqual([
      "Intro", "", "### Fix and recovery", "- [x] Tag the hotfix release — [v0.1.1](https://r) released", "- [x] Identify root cause of the issue",
      "- [ ] Publish the security advisory (if one was drafted)", "```", "- [ ] Tag the hotfix release", "```", "> - [ ] Tag the hotfix release",
    ]);
    expect(tickItems(ticked, new Map([["Tag the hotfix release", "again"]]))).toBe(ticked);
    expect(openItems(ticked)).toEqual(["Publish the security advisory (if one was drafted)"]);
  });

  it("the tick texts name items of the incident template (except the advisory's patched version, ticked where the template has it)", () => {
    const items = openItems(REMAINING_PROCEDURE);
    for (const [item, text] of Object.entries(TICK_ITEM_TEXT)) if (item !== "advisory-patched") expect(items).toContain(text);
    const evidence = tickEvidence([{ item: "hotfix-released", tag: "v0.1.1", url: "https://r" }, { item: "announcement-updated", announcement: 5 }]);
    const ticked = tickItems(REMAINING_PROCEDURE, evidence);
    expect(ticked).toContain("- [x] Tag the hotfix release — [v0.1.1](https://r) released");
    expect(ticked).toContain("- [x] Update the pinned announcement with the resolution — #5 says it is resolved");
    expect(openItems(ticked)).toHaveLength(items.length - 2);
  });
});

describe("resolution texts", () => {
  it("the announcement's resolved section: the fix, how to upgrade", () => {
    expect(renderResolvedSection({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", fixedUrl: "https://r", upgradeCommand: 'pip install "widgets==0.1.1"' })).toBe(
      ["## Resolved in v0.1.1", "", "The problem in v0.1.0 is fixed in [v0.1.1](https://r). Upgrade to it:", "", "```sh", 'pip install "widgets==0.1.1"', "```", "", "Once upgraded, you no longer need the pin to an earlier version."].join("\n"),
    );
    expect(renderResolvedSection({ revokedTag: "v0.1.0", fixedTag: "v0.1.1" })).toContain("Download and install the assets of release v0.1.1");
  });

  it("the resolution comment lists what Anvil did and what is left; the status line links the incident", () => {
    const done = ["announce-resolution", "close-announcement", "patch-advisory", "comment-remaining"].map((a) => describeResolutionAction(a, { announcement: 5, fixedTag: "v0.1.1", revokedTag: "v0.1.0" })).filter((l): l is string => l !== undefined);
    const comment = renderResolutionComment({ revokedTag: "v0.1.0", fixedTag: "v0.1.1", fixedUrl: "https://r", by: "release", done, left: ["Write the post-mortem"] });
    expect(comment).toBe(
      [
        "### v0.1.0 is resolved in v0.1.1", "", "[v0.1.1](https://r) was published, so Anvil closed the loop:", "",
        "- #5 says it is resolved in v0.1.1, with upgrade instructions", "- #5 closed", "- the draft security advisory names 0.1.1 as the patched version (Security → Advisories)", "",
        "**Still to do** (1):", "", "- [ ] Write the post-mortem",
      ].join("\n"),
    );
    expect(comment).not.toMatch(/GHSA-/);
    expect(renderResolutionComment({ revokedTag: "v0.1.0", fixedTag: "v0.0.10", by: "command", actor: "maya", done: [], left: [] })).toContain("@maya marked v0.0.10 as the fix");
    expect(renderStatusResolutionLine({ fixedTag: "v0.1.1", fixedUrl: "https://r", incident: 4 })).toBe("**Resolved** in [v0.1.1](https://r): see #4.");
  });
});

describe("the incident record a rollback writes", () => {
  it("holds what resolution needs, never the advisory's id; keeps what an earlier run recorded", () => {
    const base = { tag: "v0.1.0", severity: "high" as const, releaseId: 1005, createdAt: "t0", deadline: "t1", announcement: 5, status: { issue: 3, comment: 77 } };
    const high = incidentRecordFor({ ...base, response: { revocation: "mark", releaseNotes: "banner", announcement: "pinned", advisory: "none" } });
    expect(high).toEqual({ tag: "v0.1.0", severity: "high", revocation: "mark", releaseNotes: "banner", announcement: { number: 5, kind: "pinned" }, advisory: false, releaseId: 1005, status: { issue: 3, comment: 77 }, createdAt: "t0", deadline: "t1" });
    expect(incidentRecordSchema.parse(high)).toEqual(high);
    const critical = incidentRecordFor({ ...base, severity: "critical", response: { revocation: "delete", releaseNotes: "none", announcement: "pinned", advisory: "drafted" } });
    expect(critical).not.toHaveProperty("releaseId");
    expect(critical.advisory).toBe(true);
    const low = incidentRecordFor({ ...base, severity: "low", response: { revocation: "none", releaseNotes: "none", announcement: "none", advisory: "none" } });
    expect(low).not.toHaveProperty("announcement");
    const resolved = recordAction(high, { fixedTag: "v0.1.1", by: "release" }, "tick-incident", { at: "t2" });
    const again = incidentRecordFor({ ...base, createdAt: "t9", response: { revocation: "mark", releaseNotes: "banner", announcement: "pinned", advisory: "none" }, previous: { ...resolved, overdueFlaggedAt: "t3" } });
    expect(again).toMatchObject({ createdAt: "t0", overdueFlaggedAt: "t3", resolution: resolved.resolution });
  });
});
