import nock from "nock";
import pino from "pino";
import type { Logger } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import { ROLLBACK_MARKER } from "../../../src/rollback/marker-kinds.js";
import type { IncidentRecord, ResolutionPlan } from "../../../src/rollback/resolution.js";
import { openBannerPull } from "../../../src/shell/reach/open-banner-pull.js";
import { REACH_RESOLUTION_ACTIONS } from "../../../src/shell/reach/resolution-actions.js";
import type { ResolutionContext } from "../../../src/shell/resolution/run-resolution.js";
import { BOT_LOGIN, markersFor } from "../../helpers/probot.js";
import { testOctokit } from "../../unit/github/octokit.js";
import { plannedState } from "../rollback/context.js";
import { API, expectNothingWrittenTo, fakeRepo, OWNER, REPO, resetFake } from "./fake-github.js";

const R = `/repos/${OWNER}/${REPO}`;
const markers = markersFor();
const log = pino({ level: "silent" }) as unknown as Logger;

function context(): ResolutionContext {
  return { octokit: testOctokit(), repo: { owner: OWNER, repo: REPO }, config: configSchema.parse({}), identity: { appId: 1, slug: "anvil", botLogin: BOT_LOGIN }, markers, log, now: () => new Date("2026-11-25T12:00:00Z") };
}

const record: IncidentRecord = {
  tag: "v0.1.0", severity: "critical", revocation: "delete", releaseNotes: "none", announcement: { number: 5, kind: "pinned" }, advisory: true,
  status: { issue: 1, comment: 77 }, createdAt: "2026-11-25T10:00:00Z", deadline: "2026-11-25T11:00:00Z",
  resolution: { fixedTag: "v0.1.1", by: "release", at: "2026-11-25T12:00:00Z", done: [] },
};
const plan: ResolutionPlan = { incident: { issue: 4, record }, fixedTag: "v0.1.1", fixedUrl: "https://x/v0.1.1", by: "release", actions: [], pending: [], ticks: [] };

/**
 * The rollback's status comment (with its signed state) and, for a state from before the saga kept
 * the issues' URLs (`keptLinks: false`), the incident and the announcement to read them from.
 */
function issuesAndStatus({ keptLinks = false } = {}): void {
  const links = keptLinks ? { incident: 4, announcement: 5, links: { incident: `https://github.com/${OWNER}/${REPO}/issues/4`, announcement: `https://github.com/${OWNER}/${REPO}/issues/5` } } : {};
  const state = plannedState(" v0.1.0 --severity critical --reason \"broken installer\"", {
    phase: "done",
    outcomes: { record: { status: "done", detail: "recorded in #4", at: "2026-11-25T10:03:01Z" }, "delete-release": { status: "done", detail: "release deleted", at: "2026-11-25T10:03:02Z" } },
    audit: [
      { at: "2026-11-25T10:00:00Z", actor: "maya", text: "planned (awaiting --confirm)" },
      { at: "2026-11-25T10:03:00Z", actor: "sam", text: "confirmed" },
      { at: "2026-11-25T10:03:01Z", actor: "sam", text: "record: done (recorded in #4)" },
      { at: "2026-11-25T10:03:02Z", actor: "sam", text: "delete-release: done (release deleted)" },
    ],
    ...links,
  });
  const status = nock(API).persist().get(`${R}/issues/comments/77`).reply(200, { id: 77, body: `${markers.encode(ROLLBACK_MARKER, state as unknown as Record<string, unknown>)}\n### Rollback of v0.1.0 complete` });
  if (keptLinks) return;
  status
    .get(`${R}/issues/4`).reply(200, { number: 4, node_id: "I4", title: "Incident", body: "", state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/4`, created_at: "" })
    .get(`${R}/issues/5`).reply(200, { number: 5, node_id: "I5", title: "Announcement", body: "", state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/5`, created_at: "" });
}

afterEach(resetFake);

describe("resolution actions of issue 12", () => {
  it("retire-banner closes the open banner pull request", async () => {
    const repo = fakeRepo({ "README.md": "# W\n" });
    const { pull } = await openBannerPull(context(), { tag: "v0.1.0", good: "v0.0.9", announcementUrl: "https://a/5", incidentUrl: undefined });
    expect(await REACH_RESOLUTION_ACTIONS["retire-banner"](context(), plan)).toEqual({ status: "done", detail: `banner pull request #${pull} closed` });
    expect(repo.pulls[0]?.state).toBe("closed");
    expect(repo.branches.has("anvil/revoked-v0.1.0")).toBe(false);
  });

  it("post-mortem opens the scaffold from the status comment's audit, once", async () => {
    const repo = fakeRepo({ "README.md": "# W\n" });
    issuesAndStatus();
    const result = await REACH_RESOLUTION_ACTIONS["post-mortem"](context(), plan);
    expect(result.status).toBe("done");
    const path = "docs/incidents/2026-11-25-v0-1-0-broken-installer.md";
    const text = repo.branches.get("anvil/post-mortem-v0.1.0")?.get(path) ?? "";
    expect(text).toContain("| Time revoked | 2026-11-25 10:03 UTC |");
    expect(text).toContain("| 2026-11-25 10:03 UTC | sam | Plan confirmed: Anvil starts the revocation |");
    expect(text).toContain("delete-release: done (release deleted)");
    expect(text).toContain("[announcement](https://github.com/acme/widgets/issues/5)");
    expect(text).toContain("Resolved by `v0.1.1` (release published)");
    expect(text).not.toContain("planned (awaiting");
    expect((await REACH_RESOLUTION_ACTIONS["post-mortem"](context(), plan)).detail).toContain("one post-mortem per incident");
    expect(repo.pulls).toHaveLength(1);
    expectNothingWrittenTo(repo);
  });

  it("notify-resolved sends anvil-resolved with the fix as the version to use", async () => {
    const repo = fakeRepo({});
    issuesAndStatus();
    expect(await REACH_RESOLUTION_ACTIONS["notify-resolved"](context(), plan)).toEqual({ status: "done", detail: "`anvil-resolved` sent" });
    expect(repo.dispatches).toEqual([
      {
        event_type: "anvil-resolved",
        client_payload: {
          repository: "acme/widgets", tag: "v0.1.0", version_to_use: "v0.1.1", severity: "critical", reason: null, actor: "release",
          announcement_url: "https://github.com/acme/widgets/issues/5", incident_url: "https://github.com/acme/widgets/issues/4", fixed_in: "v0.1.1", drill: false,
        },
      },
    ]);
  });

  it("post-mortem and notify-resolved take the issues' URLs from the rollback's state when it keeps them: no issue is read", async () => {
    const repo = fakeRepo({ "README.md": "# W\n" });
    issuesAndStatus({ keptLinks: true });
    expect((await REACH_RESOLUTION_ACTIONS["post-mortem"](context(), plan)).status).toBe("done");
    expect(repo.branches.get("anvil/post-mortem-v0.1.0")?.get("docs/incidents/2026-11-25-v0-1-0-broken-installer.md")).toContain("[announcement](https://github.com/acme/widgets/issues/5)");
    expect(await REACH_RESOLUTION_ACTIONS["notify-resolved"](context(), plan)).toEqual({ status: "done", detail: "`anvil-resolved` sent" });
    expect(repo.dispatches[0]?.client_payload).toMatchObject({ announcement_url: "https://github.com/acme/widgets/issues/5", incident_url: "https://github.com/acme/widgets/issues/4" });
  });
});
