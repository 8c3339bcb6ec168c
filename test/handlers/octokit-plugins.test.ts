import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { examplePayload } from "../helpers/fixtures.js";
import { createTestProbot, mockAuth, mockConfig, sent, setupNock, teardownNock } from "../helpers/probot.js";

const R = "/repos/Codertocat/Hello-World";
const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => teardownNock());

describe("Octokit plugins in a delivery's client", () => {
  it("every delivery's client retries a secondary rate limit exactly twice: the plugin is applied once, not again per delivery", async () => {
    for (const id of ["p1", "p2"]) {
      sent.length = 0;
      mockConfig(mockAuth(), "Codertocat", "Hello-World")
        .get(`${R}/issues`).query(true).reply(200, [])
        .get(`${R}/issues`).query((q) => q.labels === "anvil:drill").reply(200, []) // opening a checklist: is a drill due?
        .post(`${R}/labels`).optionally().reply(201, {})
        .post(`${R}/check-runs`).times(3).reply(403, SECONDARY, { "retry-after": "0" });
      await probot.receive({ id, name: "push", payload: examplePayload("push", undefined, 4) as never });
      expect(sent.filter((request) => request.method === "POST" && request.path === `${R}/check-runs`)).toHaveLength(3);
      expect(sent.some((request) => request.method === "POST" && request.path === `${R}/issues`)).toBe(false);
    }
  });
});
