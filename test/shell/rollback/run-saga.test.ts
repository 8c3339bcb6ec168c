import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRollbackState, STEP_IDS } from "../../../src/rollback/plan.js";
import { runSaga } from "../../../src/shell/rollback/run-saga.js";
import { SAGA_STEPS } from "../../../src/shell/rollback/steps/index.js";
import { githubApi, sent, setupNock, teardownNock } from "../../helpers/probot.js";
import { plannedState, R, testContext } from "./context.js";

beforeEach(setupNock);
afterEach(teardownNock);

const done = { status: "done" as const, detail: "earlier", at: "2026-11-25T10:01:00Z" };

describe("run the saga", () => {
  it("has a step module for every step id", () => {
    expect(Object.keys(SAGA_STEPS).sort()).toEqual([...STEP_IDS].sort());
  });

  it("runs only the steps not done yet, saves the status after each step and reacts 🚀", async () => {
    const state = plannedState(" v0.1.0 --severity high --revoke delete", { outcomes: { record: done, "delete-release": done, "delete-tag": done, announce: done, pin: done, "readme-banner": done, notify: done } });
    const bodies: string[] = [];
    githubApi()
      .get(`${R}/contents/pyproject.toml`).reply(200, '[project]\nname = "widgets"\nversion = "0.1.1"\n')
      .patch(`${R}/issues/comments/55`).times(2).reply(200, (_uri, body) => {
        bodies.push((body as { body: string }).body);
        return {};
      });
    const { ctx, reactions } = testContext();
    const result = await runSaga(ctx, state, 55);
    expect(result.phase).toBe("done");
    expect(result.outcomes["retag-check"]).toMatchObject({ status: "done", detail: "`pyproject.toml` holds 0.1.1, not the revoked version" });
    expect(result.outcomes.incident).toMatchObject({ status: "skipped" });
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${R}/contents/pyproject.toml`, `PATCH ${R}/issues/comments/55`, `PATCH ${R}/issues/comments/55`]);
    expect(readRollbackState(bodies[0] ?? "", ctx.markers)?.phase).toBe("running");
    expect(readRollbackState(bodies[1] ?? "", ctx.markers)?.phase).toBe("done");
    expect(reactions).toEqual(["rocket"]);
  });

  it("stops at the first failure, records it with ❌ and reacts 😕", async () => {
    const state = plannedState(" v0.1.0", { outcomes: { record: done } });
    const bodies: string[] = [];
    githubApi()
      .delete(`${R}/releases/3`).reply(500, { message: "boom" })
      .patch(`${R}/issues/comments/55`).reply(200, (_uri, body) => {
        bodies.push((body as { body: string }).body);
        return {};
      });
    const { ctx, reactions } = testContext();
    const result = await runSaga(ctx, state, 55);
    expect(result.phase).toBe("failed");
    expect(result.outcomes["delete-release"]).toMatchObject({ status: "failed", detail: "HTTP 500: boom" });
    expect(bodies[0]).toContain("❌ Delete release `v0.1.0`");
    expect(reactions).toEqual(["confused"]);
    expect(sent.some((request) => request.path.includes("/git/refs"))).toBe(false);
  });
});
