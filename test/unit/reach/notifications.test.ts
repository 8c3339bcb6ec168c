import { describe, expect, it } from "vitest";
import { defaultReachConfig } from "../../../src/config/reach-schema.js";
import { renderSlackMessage } from "../../../src/messages/notifications.js";
import { dispatchEvent, DISPATCH_EVENT_TYPES, shouldNotify, type MilestoneFacts } from "../../../src/rollback/notifications.js";

const facts: MilestoneFacts = {
  milestone: "rollback",
  repository: "acme/widgets",
  tag: "v0.1.0",
  versionToUse: "v0.0.9",
  severity: "critical",
  reason: "the installer can delete user files",
  actor: "maya",
  announcementUrl: "https://github.com/acme/widgets/issues/5",
  incidentUrl: "https://github.com/acme/widgets/issues/4",
  fixedIn: null,
};

describe("repository_dispatch events", () => {
  it("carry tag, version to use, severity, reason, actor and the public URLs", () => {
    expect(dispatchEvent(facts)).toEqual({
      eventType: "anvil-rollback",
      clientPayload: {
        repository: "acme/widgets",
        tag: "v0.1.0",
        version_to_use: "v0.0.9",
        severity: "critical",
        reason: "the installer can delete user files",
        actor: "maya",
        announcement_url: "https://github.com/acme/widgets/issues/5",
        incident_url: "https://github.com/acme/widgets/issues/4",
        fixed_in: null,
        drill: false,
      },
    });
  });

  it("stay within GitHub's limits: event_type <= 100 characters, <= 10 top-level keys", () => {
    for (const milestone of ["rollback", "resolved", "drill"] as const) {
      const { eventType, clientPayload } = dispatchEvent({ ...facts, milestone, reason: "x".repeat(5000) });
      expect(eventType).toBe(DISPATCH_EVENT_TYPES[milestone]);
      expect(eventType.length).toBeLessThanOrEqual(100);
      expect(Object.keys(clientPayload).length).toBeLessThanOrEqual(10);
      expect(clientPayload.reason?.length).toBe(500);
    }
    expect(dispatchEvent({ ...facts, milestone: "resolved", fixedIn: "v0.1.1" }).clientPayload).toMatchObject({ fixed_in: "v0.1.1", drill: false });
    expect(dispatchEvent({ ...facts, milestone: "drill" }).clientPayload.drill).toBe(true);
  });

  it("notify the configured severities (default critical and high); drills always", () => {
    const severities = defaultReachConfig.notifications.severities;
    expect(severities).toEqual(["critical", "high"]);
    expect(shouldNotify("rollback", "critical", severities)).toBe(true);
    expect(shouldNotify("resolved", "high", severities)).toBe(true);
    expect(shouldNotify("rollback", "medium", severities)).toBe(false);
    expect(shouldNotify("rollback", "low", severities)).toBe(false);
    expect(shouldNotify("drill", "low", [])).toBe(true);
  });
});

describe("Slack-compatible message", () => {
  it("has a text fallback and blocks: header, what to do, severity and actor, links", () => {
    expect(renderSlackMessage(facts)).toEqual({
      text: "acme/widgets: v0.1.0 has been revoked (critical). Use *v0.0.9* instead.",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "acme/widgets: v0.1.0 has been revoked (critical)" } },
        {
          type: "section",
          text: { type: "mrkdwn", text: "Use *v0.0.9* instead.\n*Why:* the installer can delete user files" },
          fields: [
            { type: "mrkdwn", text: "*Severity:*\ncritical" },
            { type: "mrkdwn", text: "*Requested by:*\nmaya" },
          ],
        },
        { type: "context", elements: [{ type: "mrkdwn", text: "<https://github.com/acme/widgets/issues/5|Announcement> · <https://github.com/acme/widgets/issues/4|Incident>" }] },
      ],
    });
  });

  it("escapes people's text so it cannot mention everyone or link", () => {
    const message = renderSlackMessage({ ...facts, reason: "<!channel> see <https://evil|here> & more", actor: "<@U123>" });
    const json = JSON.stringify(message);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil");
    expect(json).not.toContain("<@U123>");
    expect(json).toContain("&lt;!channel&gt;");
  });

  it("drops a URL that would break the link syntax, bounds the header", () => {
    const message = renderSlackMessage({ ...facts, announcementUrl: "https://x|y>", incidentUrl: null, tag: "v1.0.0", repository: "a/".padEnd(200, "b") });
    expect(message.blocks.find((block) => block.type === "context")).toBeUndefined();
    const header = message.blocks[0];
    expect(header?.type === "header" && header.text.text.length).toBe(150);
  });

  it("words resolution and drill messages for what they are", () => {
    expect(renderSlackMessage({ ...facts, milestone: "resolved", fixedIn: "v0.1.1" }).text).toBe("acme/widgets: v0.1.0 is resolved: fixed in v0.1.1. Upgrade to *v0.1.1*.");
    expect(renderSlackMessage({ ...facts, milestone: "drill", tag: "v0.1.1-drill.1" }).text).toContain("Rollback drill: v0.1.1-drill.1 (not a real incident)");
  });
});
