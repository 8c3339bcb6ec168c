import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig } from "../../../src/config/schema.js";

describe("configuration for notifications, README banner, post-mortem and drills", () => {
  it("defaults follow the procedure: critical and high notify, dispatch on, banner on, docs/incidents, quarterly drills", () => {
    expect({ notifications: defaultConfig.notifications, readmeBanner: defaultConfig.readmeBanner, postMortem: defaultConfig.postMortem, drills: defaultConfig.drills }).toEqual({
      notifications: { severities: ["critical", "high"], dispatch: true },
      readmeBanner: { enabled: true },
      postMortem: { enabled: true, path: "docs/incidents/{{date}}-{{slug}}.md" },
      drills: { intervalDays: 91, remind: true },
    });
  });

  it("takes partial sections, keeping the other defaults", () => {
    const config = configSchema.parse({ notifications: { severities: ["critical"] }, drills: { intervalDays: 30 } });
    expect(config.notifications).toEqual({ severities: ["critical"], dispatch: true });
    expect(config.drills).toEqual({ intervalDays: 30, remind: true });
  });

  it("refuses unknown severities, keys, and paths that leave the repository", () => {
    for (const input of [
      { notifications: { severities: ["urgent"] } },
      { notifications: { slack: "https://hooks.slack.com/x" } },
      { postMortem: { path: "/etc/{{slug}}.md" } },
      { postMortem: { path: "docs/../../{{slug}}.md" } },
      { postMortem: { path: "docs/{{slug}}.txt" } },
      { drills: { intervalDays: 0 } },
    ]) {
      expect(configSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });
});
