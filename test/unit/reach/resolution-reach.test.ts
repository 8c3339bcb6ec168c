import { describe, expect, it } from "vitest";
import { resolutionsForRelease, type IncidentRecord, type ResolutionConfig } from "../../../src/rollback/resolution.js";

const record: IncidentRecord = {
  tag: "v0.1.0", severity: "critical", revocation: "delete", releaseNotes: "none", announcement: { number: 5, kind: "pinned" }, advisory: false,
  status: { issue: 1, comment: 77 }, createdAt: "2026-11-25T10:00:00Z", deadline: null,
};
const release = { tag: "v0.1.1", htmlUrl: "https://x/v0.1.1", draft: false, prerelease: false };
const reach: NonNullable<ResolutionConfig["reach"]> = { readmeBanner: true, postMortem: true, notifySeverities: ["critical", "high"], notifyChannel: true };

describe("resolution: issue 12's actions", () => {
  it("retire the banner (pinned announcement), post-mortem (a status to read the audit from), notify (a notifying severity), last", () => {
    const [plan] = resolutionsForRelease(release, [{ issue: 4, record }], { announcement: "close", publishAdvisory: false, reach });
    expect(plan?.actions.slice(-4)).toEqual(["link-status", "retire-banner", "post-mortem", "notify-resolved"]);
  });

  it("none of them when turned off, without a pinned announcement, a status, or a notifying severity", () => {
    const actions = (changes: Partial<IncidentRecord>, config = reach) => resolutionsForRelease(release, [{ issue: 4, record: { ...record, ...changes } }], { announcement: "close", publishAdvisory: false, reach: config })[0]?.actions ?? [];
    expect(actions({}, { readmeBanner: false, postMortem: false, notifySeverities: ["critical"], notifyChannel: false })).not.toContain("retire-banner");
    expect(actions({ announcement: { number: 5, kind: "open" }, severity: "medium" })).not.toContain("retire-banner");
    expect(actions({ announcement: { number: 5, kind: "open" }, severity: "medium" })).not.toContain("notify-resolved");
    const { status: _status, ...withoutStatus } = record;
    expect(resolutionsForRelease(release, [{ issue: 4, record: withoutStatus }], { announcement: "close", publishAdvisory: false, reach })[0]?.actions).not.toContain("post-mortem");
    expect(resolutionsForRelease(release, [{ issue: 4, record }], { announcement: "close", publishAdvisory: false })[0]?.actions).not.toContain("notify-resolved");
  });
});
