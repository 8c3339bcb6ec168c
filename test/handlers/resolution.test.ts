import type { Probot } from "probot";
import type nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderNewChecklist } from "../../src/checklists/render-checklist.js";
import { REMAINING_PROCEDURE } from "../../src/messages/rollback-issues.js";
import { INCIDENT_RECORD_MARKER, RESOLUTION_COMMENT_MARKER, readIncidentRecord, type IncidentRecord } from "../../src/rollback/resolution.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, createTestProbot, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/** Issue 12's resolution actions (banner, post-mortem, notifications) have their own tests: test/handlers/reach.test.ts. */
const REACH_OFF = "readmeBanner:\n  enabled: false\npostMortem:\n  enabled: false\nnotifications:\n  dispatch: false\n";

const markers = markersFor();
const OWNER = "Codertocat";
const REPO = "Hello-World";
const R = `/repos/${OWNER}/${REPO}`;
type Json = Record<string, unknown>;

const FUTURE = "2099-01-01T00:00:00.000Z";
const record = (tag: string, extra: Partial<IncidentRecord> = {}): IncidentRecord => ({
  tag, severity: "critical", revocation: "delete", releaseNotes: "none", announcement: { number: 5, kind: "pinned" }, advisory: true,
  status: { issue: 1, comment: 77 }, createdAt: "2026-11-25T09:00:00.000Z", deadline: FUTURE, ...extra,
});
const incidentBody = (r: IncidentRecord) => `${markers.encode(INCIDENT_RECORD_MARKER, r as unknown as Json)}\n**Severity:** ${r.severity}\n\n${REMAINING_PROCEDURE}`;
const ANNOUNCEMENT = `${markers.encode("rollback-announcement", { tag: "v0.1.0" })}\n## v0.1.0 has been revoked\n\nPin to v0.0.9.\n\nA maintainer's note: we are on it.`;
const STATUS = `${markers.encode("rollback", { phase: "done" })}\n### Rollback of \`v0.1.0\` complete`;

/** A tiny stateful GitHub for issues, comments and a release: GETs see what PATCHes wrote. */
interface Store { issues: Map<number, Json>; comments: Map<number, Json>; releases: Map<number, Json> }
function issue(number: number, body: string, extra: Json = {}): Json {
  return { number, node_id: `I_${number}`, title: `#${number}`, body, state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`, created_at: "2026-11-25T09:00:00Z", labels: [{ name: "incident" }], user: { login: BOT_LOGIN, type: "Bot" }, ...extra };
}
function serve(scope: nock.Scope, store: Store): nock.Scope {
  return scope
    .get(/\/repos\/Codertocat\/Hello-World\/issues\/\d+$/).times(100).optionally().reply((uri) => {
      const found = store.issues.get(Number(uri.split("/").pop()));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .patch(/\/repos\/Codertocat\/Hello-World\/issues\/\d+$/).times(100).optionally().reply((uri, body) => {
      const number = Number(uri.split("/").pop());
      const next = { ...store.issues.get(number), ...(body as Json) };
      store.issues.set(number, next);
      return [200, next];
    })
    .get(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+$/).times(10).optionally().reply((uri) => {
      const found = store.comments.get(Number(uri.split("/").pop()));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .patch(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+$/).times(10).optionally().reply((uri, body) => {
      const id = Number(uri.split("/").pop());
      const next = { ...store.comments.get(id), ...(body as Json) };
      store.comments.set(id, next);
      return [200, next];
    })
    .get(/\/repos\/Codertocat\/Hello-World\/releases\/\d+$/).times(10).optionally().reply((uri) => {
      const found = store.releases.get(Number(uri.split("/").pop()));
      return found ? [200, found] : [404, { message: "Not Found" }];
    })
    .patch(/\/repos\/Codertocat\/Hello-World\/releases\/\d+$/).times(10).optionally().reply((uri, body) => {
      const id = Number(uri.split("/").pop());
      const next = { ...store.releases.get(id), ...(body as Json) };
      store.releases.set(id, next);
      return [200, next];
    });
}

/** An existing release checklist for the tag, so the checklist side of the release handler has nothing to do. */
const releaseChecklist = (number: number, tag: string) => issue(number, renderNewChecklist({ markers, state: { type: "release", tag }, template: "- [ ] one\n" }), { labels: [{ name: "release-checklist" }] });

/** `release.released`: GitHub's event for a full release, published or promoted from a pre-release. */
function releasePayload(tag: string, extra: Json = {}, action = "released"): Json {
  const payload = examplePayload<Json>("release", action);
  return { ...payload, release: { ...(payload.release as Json), tag_name: tag, html_url: `https://github.com/${OWNER}/${REPO}/releases/tag/${tag}`, draft: false, prerelease: false, ...extra } };
}

const ADVISORY = {
  ghsa_id: "GHSA-aaaa-bbbb-cccc", html_url: "https://github.com/x/security/advisories/GHSA-aaaa-bbbb-cccc", state: "draft",
  description: `${markers.encode("advisory", { tag: "v0.1.0" })}\n### Impact\n...`,
  vulnerabilities: [{ package: { ecosystem: "pip", name: "widgets" }, vulnerable_version_range: "= 0.1.0", patched_versions: null, vulnerable_functions: null }],
};

let probot: Probot;
let store: Store;
const writes = () => sentWrites().map((w) => `${w.method} ${w.path}`);
const incidentOnFile = (number: number) => readIncidentRecord(markers.find(store.issues.get(number)?.body as string, INCIDENT_RECORD_MARKER));

beforeEach(() => {
  setupNock();
  probot = createTestProbot();
  store = { issues: new Map(), comments: new Map(), releases: new Map() };
});
afterEach(() => teardownNock());

describe("a published fix resolves the incident (critical: deleted, pinned, advisory drafted)", () => {
  /** `listings`: 2 for `published`, whose handler also lists Anvil's issues to link the release checklist. */
  function mockCritical(listing: Json[], listings = 1) {
    const scope = serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN).times(listings).reply(200, listing);
    return scope;
  }

  // GitHub sends both for a full release, in either order: whichever arrives first resolves.
  it.each(["released", "published"])("on `%s`: updates, unpins and closes the announcement, patches the advisory, ticks the incident with evidence, lists what is left, links the status comment", async (action) => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0"))));
    store.issues.set(5, issue(5, ANNOUNCEMENT, { labels: [{ name: "release-revoked" }] }));
    store.comments.set(77, { id: 77, body: STATUS });
    mockCritical([releaseChecklist(9, "v0.1.1"), store.issues.get(5)!, store.issues.get(4)!], action === "published" ? 2 : 1)
      .get(`${R}/contents/pyproject.toml`).reply(200, '[project]\nname = "widgets"\nversion = "0.1.1"\n', { "content-type": "application/vnd.github.v3.raw; charset=utf-8" })
      .get(`${R}/contents/package.json`).reply(404, {}).get(`${R}/contents/Cargo.toml`).reply(404, {}).get(`${R}/contents/go.mod`).reply(404, {}) // every root manifest, as the plan reads them
      .post("/graphql", (b) => String(b.query).includes("AnvilPinnedIssues")).reply(200, { data: { repository: { pinnedIssues: { nodes: [{ issue: { id: "I_5", number: 5, author: { login: BOT_LOGIN }, body: "" } }] } } } })
      .post("/graphql", (b) => String(b.query).includes("unpinIssue") && (b.variables as Json).issueId === "I_5").reply(200, { data: { unpinIssue: { issue: { id: "I_5" } } } })
      .get(`${R}/security-advisories`).query(true).reply(200, [ADVISORY])
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`).reply(200, (_uri, body) => ({ ...ADVISORY, ...(body as Json) }))
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 101, html_url: "https://x" });

    await probot.receive({ id: "fix-1", name: "release", payload: releasePayload("v0.1.1", {}, action) as never });

    expect(writes()).toEqual([
      `PATCH ${R}/issues/5`, `PATCH ${R}/issues/4`, // resolved section; recorded
      "POST /graphql", `PATCH ${R}/issues/4`, // unpinned (after the pinned query)
      `PATCH ${R}/issues/5`, `PATCH ${R}/issues/4`, // closed
      `PATCH ${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, `PATCH ${R}/issues/4`,
      `PATCH ${R}/issues/4`, // ticked and recorded in one write
      `POST ${R}/issues/4/comments`, `PATCH ${R}/issues/4`,
      `PATCH ${R}/issues/comments/77`, `PATCH ${R}/issues/4`,
    ].flatMap((w) => (w === "POST /graphql" ? ["POST /graphql", "POST /graphql"] : [w])));

    const announcement = store.issues.get(5)!;
    expect(announcement.state).toBe("closed");
    expect(announcement.body).toMatch(/^<!-- anvil:section:resolution -->\n## Resolved in v0\.1\.1\n/);
    expect(announcement.body).toContain('pip install "widgets==0.1.1"');
    expect(announcement.body).toContain("A maintainer's note: we are on it."); // human text kept
    const advisoryPatch = sent.find((r) => r.method === "PATCH" && r.path.includes("security-advisories"))?.body as Json;
    expect(advisoryPatch).toEqual({ vulnerabilities: [{ package: { ecosystem: "pip", name: "widgets" }, vulnerable_version_range: "= 0.1.0", patched_versions: "0.1.1", vulnerable_functions: null }] });
    const incident = store.issues.get(4)!.body as string;
    expect(incident).toContain(`- [x] Tag the hotfix release — [v0.1.1](https://github.com/${OWNER}/${REPO}/releases/tag/v0.1.1) released`);
    expect(incident).toContain("- [x] Update the pinned announcement with the resolution — #5 says it is resolved");
    expect(incident).toContain("- [ ] Publish the security advisory (if one was drafted)");
    expect(incidentOnFile(4)?.resolution).toMatchObject({ fixedTag: "v0.1.1", by: "release", done: ["announce-resolution", "unpin-announcement", "close-announcement", "patch-advisory", "tick-incident", "comment-remaining", "link-status"] });
    const comment = sent.find((r) => r.method === "POST" && r.path === `${R}/issues/4/comments`)?.body as Json;
    expect(markers.find(comment.body as string, RESOLUTION_COMMENT_MARKER)).toEqual({ tag: "v0.1.0", fixedTag: "v0.1.1" });
    expect(comment.body).toContain("**Still to do**");
    expect(comment.body).toContain("- [ ] Write the post-mortem in docs/incidents/YYYY-MM-DD-description.md");
    expect(comment.body).not.toMatch(/GHSA-/); // a draft advisory stays private
    expect(store.comments.get(77)?.body).toContain("**Resolved** in [v0.1.1]");
    expect(markers.find(store.comments.get(77)?.body as string, "rollback")).toEqual({ phase: "done" }); // A's marker untouched

    // The same delivery again, and GitHub's other event for the same release: the incident is resolved; nothing is written.
    for (const again of [action, action === "published" ? "released" : "published"]) {
      sent.length = 0;
      mockCritical([releaseChecklist(9, "v0.1.1"), store.issues.get(5)!, store.issues.get(4)!], again === "published" ? 2 : 1);
      await probot.receive({ id: `fix-1-${again}`, name: "release", payload: releasePayload("v0.1.1", {}, again) as never });
      expect(writes()).toEqual([]);
    }
  });

  it("a failure stops the resolution; the redelivery resumes after the last recorded action and repeats nothing", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    mockCritical([releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [ADVISORY])
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`).reply(502, { message: "Bad Gateway" });
    await probot.receive({ id: "fix-2", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes()).toEqual([`PATCH ${R}/security-advisories/GHSA-aaaa-bbbb-cccc`]);
    expect(incidentOnFile(4)?.resolution).toBeUndefined();

    sent.length = 0;
    mockCritical([releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [ADVISORY])
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`).reply(200, ADVISORY)
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(500, { message: "boom" });
    await probot.receive({ id: "fix-2", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(incidentOnFile(4)?.resolution?.done).toEqual(["patch-advisory", "tick-incident"]);

    sent.length = 0;
    mockCritical([releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 102, html_url: "https://x" });
    await probot.receive({ id: "fix-2", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes()).toEqual([`POST ${R}/issues/4/comments`, `PATCH ${R}/issues/4`]);
    expect(incidentOnFile(4)?.resolution?.done).toEqual(["patch-advisory", "tick-incident", "comment-remaining"]);
  });
});

describe("what does not resolve an incident", () => {
  it("a pre-release or a draft: no incident listing, nothing written", async () => {
    await probot.receive({ id: "pre", name: "release", payload: releasePayload("v0.1.1-rc.1", { prerelease: true }) as never });
    await probot.receive({ id: "draft", name: "release", payload: releasePayload("v0.1.1", { draft: true }) as never });
    mockConfig(mockAuth(), OWNER, REPO, REACH_OFF); // published, pre-release: checklists.prereleases is off
    await probot.receive({ id: "pre-published", name: "release", payload: releasePayload("v0.1.1-rc.1", { prerelease: true }, "published") as never });
    expect(sent.filter((r) => r.path === `${R}/issues` && r.query.includes("labels="))).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it("a lower or equal version: the incident stays unresolved, nothing written", async () => {
    for (const tag of ["v0.0.10", "0.1.0"]) {
      sent.length = 0;
      store.issues.set(4, issue(4, incidentBody(record("v0.1.0"))));
      serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store).get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, tag), store.issues.get(4)!]);
      await probot.receive({ id: `low-${tag}`, name: "release", payload: releasePayload(tag) as never });
      expect(writes()).toEqual([]);
      expect(incidentOnFile(4)?.resolution).toBeUndefined();
    }
  });

  it("an incident whose marker was edited (or copied from another repository) is not Anvil's incident", async () => {
    const forged = incidentBody(record("v0.1.0")).replace('"severity":"critical"', '"severity":"low"');
    const copied = `${markersFor(42).encode(INCIDENT_RECORD_MARKER, record("v0.1.0") as unknown as Json)}\n${REMAINING_PROCEDURE}`;
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store).get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.1"), issue(4, forged), issue(6, copied)]);
    await probot.receive({ id: "forged", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes()).toEqual([]);
  });
});

describe("one fix, two revoked versions; the other severities", () => {
  it("v0.1.2 resolves the incidents of v0.1.0 and v0.1.1 (low: incident tracking only)", async () => {
    const low = (tag: string) => record(tag, { severity: "low", revocation: "none", announcement: undefined, advisory: false, status: undefined, deadline: null });
    store.issues.set(4, issue(4, incidentBody(low("v0.1.0"))));
    store.issues.set(8, issue(8, incidentBody(low("v0.1.1"))));
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.2"), store.issues.get(8)!, store.issues.get(4)!])
      .get(`${R}/issues/8/comments`).query(true).reply(200, [])
      .post(`${R}/issues/8/comments`).reply(201, { id: 1, html_url: "https://x" })
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 2, html_url: "https://x" });
    await probot.receive({ id: "two", name: "release", payload: releasePayload("v0.1.2") as never });
    expect(writes()).toEqual([`PATCH ${R}/issues/8`, `POST ${R}/issues/8/comments`, `PATCH ${R}/issues/8`, `PATCH ${R}/issues/4`, `POST ${R}/issues/4/comments`, `PATCH ${R}/issues/4`]);
    expect(incidentOnFile(4)?.resolution?.fixedTag).toBe("v0.1.2");
    expect(incidentOnFile(8)?.resolution?.fixedTag).toBe("v0.1.2");
  });

  it("the upgrade command names the package the plan would choose: a Rust crate, not the docs site's private package.json", async () => {
    const high = record("v0.1.0", { severity: "high", revocation: "mark", releaseNotes: "none", advisory: false, status: undefined });
    store.issues.set(4, issue(4, incidentBody(high)));
    store.issues.set(5, issue(5, ANNOUNCEMENT));
    const raw = { "content-type": "application/vnd.github.v3.raw; charset=utf-8" };
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  resolution:\n    announcement: unpin\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/contents/pyproject.toml`).reply(404, {})
      .get(`${R}/contents/package.json`).reply(200, '{ "name": "widgets-docs", "version": "3.0.0", "private": true }', raw)
      .get(`${R}/contents/Cargo.toml`).reply(200, '[package]\nname = "widgets"\nversion = "0.1.1"\n', raw)
      .get(`${R}/contents/go.mod`).reply(404, {})
      .post("/graphql", (b) => String(b.query).includes("AnvilPinnedIssues")).reply(200, { data: { repository: { pinnedIssues: { nodes: [] } } } })
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "crate", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(store.issues.get(5)?.body).toContain("cargo add widgets@=0.1.1");
    expect(store.issues.get(5)?.body).not.toContain("widgets-docs");
  });

  it("high (revoked in place): the banner says fixed in; the announcement is kept open when configured (unpinned)", async () => {
    const high = record("v0.1.0", { severity: "high", revocation: "mark", releaseNotes: "banner", releaseId: 1005, advisory: false, status: undefined });
    store.issues.set(4, issue(4, incidentBody(high)));
    store.issues.set(5, issue(5, ANNOUNCEMENT));
    store.releases.set(1005, { id: 1005, tag_name: "v0.1.0", name: "[REVOKED] Widgets v0.1.0", body: "<!-- anvil:section:release-notice -->\n> [!CAUTION]\n> **This release has been revoked.** Use v0.0.9 instead.\n<!-- anvil:end:release-notice -->\n\nOriginal notes", draft: false, prerelease: true, target_commitish: "main", created_at: "x", published_at: "x", html_url: "https://r" });
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  resolution:\n    announcement: unpin\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/contents/pyproject.toml`).reply(404, {}).get(`${R}/contents/package.json`).reply(404, {}).get(`${R}/contents/Cargo.toml`).reply(404, {}).get(`${R}/contents/go.mod`).reply(404, {})
      .post("/graphql", (b) => String(b.query).includes("AnvilPinnedIssues")).reply(200, { data: { repository: { pinnedIssues: { nodes: [] } } } })
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "high", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(sent.filter((r) => String((r.body as Json | undefined)?.query).includes("unpinIssue"))).toEqual([]); // not pinned any more: nothing to unpin
    expect(store.issues.get(5)?.state).toBe("open");
    expect(store.issues.get(5)?.body).toContain("Download and install the assets of release v0.1.1");
    expect(store.releases.get(1005)?.body).toBe(`<!-- anvil:section:release-notice -->\n> [!CAUTION]\n> **This release has been revoked.** It is fixed in [v0.1.1](https://github.com/${OWNER}/${REPO}/releases/tag/v0.1.1): upgrade to it. See #5.\n<!-- anvil:end:release-notice -->\n\nOriginal notes`);
    expect(incidentOnFile(4)?.resolution?.done).toEqual(["announce-resolution", "unpin-announcement", "fixed-banner", "tick-incident", "comment-remaining"]);
  });

  it("publishes the advisory only with rollback.advisory.publishOnResolution", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  advisory:\n    publishOnResolution: true\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.1"), store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [ADVISORY]) // listed once for patching and publishing
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, (b) => Array.isArray(b.vulnerabilities)).reply(200, ADVISORY)
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, (b) => b.state === "published").reply(200, { ...ADVISORY, state: "published" })
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "publish", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(store.issues.get(4)?.body).toContain("- [x] Publish the security advisory (if one was drafted) — published (Security → Advisories)");
  });
});

describe("the advisory patched on resolution is Anvil's, known by its signed marker", () => {
  it("a privately reported advisory with an unsigned or forged marker for the tag is neither patched nor published", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    const reported = { ...ADVISORY, ghsa_id: "GHSA-repo-rted-0001", state: "triage", description: "<!-- anvil:advisory v0.1.0 -->\nreported" };
    const forged = { ...ADVISORY, ghsa_id: "GHSA-repo-rted-0002", state: "triage", description: ADVISORY.description.replace(/[0-9a-f]{32} -->/, `${"0".repeat(32)} -->`) };
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  advisory:\n    publishOnResolution: true\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [reported, forged, ADVISORY]) // listed once for patching and publishing
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, (b) => Array.isArray(b.vulnerabilities)).reply(200, ADVISORY)
      .patch(`${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, (b) => b.state === "published").reply(200, { ...ADVISORY, state: "published" })
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "reported", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes().filter((w) => w.includes("security-advisories"))).toEqual([`PATCH ${R}/security-advisories/GHSA-aaaa-bbbb-cccc`, `PATCH ${R}/security-advisories/GHSA-aaaa-bbbb-cccc`]);
  });

  it("a report (triage) carrying a valid marker copied from a published advisory of Anvil's is not Anvil's either", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    const copied = { ...ADVISORY, ghsa_id: "GHSA-repo-rted-0003", state: "triage" };
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  advisory:\n    publishOnResolution: true\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [copied])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "copied-marker", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes().filter((w) => w.includes("security-advisories"))).toEqual([]);
  });

  it("with only such a report around, nothing is patched: the incident says no advisory was found", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    const reported = { ...ADVISORY, ghsa_id: "GHSA-repo-rted-0001", state: "triage", description: "<!-- anvil:advisory v0.1.0 -->\nreported" };
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query(true).reply(200, [store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, [reported])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "reported-only", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes().filter((w) => w.includes("security-advisories"))).toEqual([]);
  });

  it("an action that found nothing to do claims nothing: no tick with evidence, no line in the resolution comment", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { announcement: undefined, status: undefined }))));
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF + "rollback:\n  advisory:\n    publishOnResolution: true\n"), store)
      .get(`${R}/issues`).query(true).reply(200, [store.issues.get(4)!])
      .get(`${R}/security-advisories`).query(true).reply(200, []) // the draft was deleted by hand
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "no-advisory", name: "release", payload: releasePayload("v0.1.1") as never });
    const incident = store.issues.get(4)?.body as string;
    expect(incident).toContain("- [ ] Publish the security advisory (if one was drafted)");
    expect(incident).toContain("- [x] Tag the hotfix release — ");
    const comment = String((sent.find((r) => r.method === "POST" && r.path === `${R}/issues/4/comments`)?.body as Json).body);
    expect(comment).not.toContain("patched version");
    expect(comment).not.toContain("is published");
    expect(incidentOnFile(4)?.resolution).toMatchObject({ done: ["patch-advisory", "publish-advisory", "tick-incident", "comment-remaining"], skipped: ["patch-advisory", "publish-advisory"] });
  });
});

describe("every full release resolves, however it became one", () => {
  const low = (tag: string, extra: Partial<IncidentRecord> = {}) => record(tag, { severity: "low", revocation: "none", announcement: undefined, advisory: false, status: undefined, deadline: null, ...extra });
  const incidentsPage = (page: number) => ({ link: `<https://api.github.com${R}/issues?creator=${encodeURIComponent(BOT_LOGIN)}&labels=incident&state=all&sort=created&direction=desc&per_page=100&page=${page}>; rel="next"` });
  /** Incidents resolved long ago, newest first: what stands between a new release and an old unresolved incident. */
  const resolvedIncidents = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => issue(from - i, incidentBody(low(`v0.0.${i + 1}`, { resolution: { fixedTag: "v0.0.99", by: "release", at: "2026-01-01T00:00:00.000Z", done: ["tick-incident", "comment-remaining"] } }))));

  it("an unresolved incident behind 150 newer incidents (second page, found through the Link header) is resolved", async () => {
    store.issues.set(4, issue(4, incidentBody(low("v0.1.0"))));
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query((q) => q.labels === "incident" && q.creator === BOT_LOGIN && q.state === "all" && q.page === undefined).reply(200, resolvedIncidents(500, 100), incidentsPage(2))
      .get(`${R}/issues`).query((q) => q.labels === "incident" && q.page === "2").reply(200, [...resolvedIncidents(400, 55), store.issues.get(4)!])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "deep", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(sent.filter((r) => r.path === `${R}/issues`)).toHaveLength(2);
    expect(writes()).toEqual([`PATCH ${R}/issues/4`, `POST ${R}/issues/4/comments`, `PATCH ${R}/issues/4`]);
    expect(incidentOnFile(4)?.resolution?.fixedTag).toBe("v0.1.1");
  });

  it("reads at most 50 pages of incidents", async () => {
    mockConfig(mockAuth(), OWNER, REPO, REACH_OFF)
      .get(`${R}/issues`).query((q) => q.labels === "incident").times(50).reply(200, (uri) => [issue(Number(new URL(uri, "https://x").searchParams.get("page") ?? "1") * 1000, "not an incident")], { link: `<https://api.github.com${R}/issues?labels=incident&page=99>; rel="next"` });
    await probot.receive({ id: "bounded", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(sent.filter((r) => r.path === `${R}/issues`)).toHaveLength(50);
    expect(writes()).toEqual([]);
  });

  it("a broken configuration is reported once, as for every event, and nothing is resolved", async () => {
    const broken = "rollback:\n  resolution:\n    announcment: keep\n";
    mockConfig(mockAuth(), OWNER, REPO, broken)
      .get(`${R}/issues`).query((q) => q.creator === BOT_LOGIN && q.labels === undefined).reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues`).reply(201, (_uri, body) => issue(9, (body as Json).body as string));
    await probot.receive({ id: "broken", name: "release", payload: releasePayload("v0.1.1") as never });
    expect(writes()).toEqual([`POST ${R}/labels`, `POST ${R}/issues`]);
    expect(String((sent.find((r) => r.method === "POST" && r.path === `${R}/issues`)?.body as Json).body)).toContain("rollback.resolution.announcment");
  });

  it("a pre-release promoted to a full release (`released`, no `published`) resolves once; its redelivery changes nothing", async () => {
    store.issues.set(4, issue(4, incidentBody(low("v0.1.0"))));
    // As GitHub sends it after `PATCH /releases/{id}` with `prerelease: false` on v0.1.1, published days ago as a pre-release.
    const promoted = releasePayload("v0.1.1", { prerelease: false, published_at: "2026-11-20T00:00:00Z" });
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query((q) => q.labels === "incident").reply(200, [store.issues.get(4)!])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" });
    await probot.receive({ id: "promoted", name: "release", payload: promoted as never });
    expect(writes()).toEqual([`PATCH ${R}/issues/4`, `POST ${R}/issues/4/comments`, `PATCH ${R}/issues/4`]);

    sent.length = 0;
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store).get(`${R}/issues`).query((q) => q.labels === "incident").reply(200, [store.issues.get(4)!]);
    await probot.receive({ id: "promoted", name: "release", payload: promoted as never });
    expect(writes()).toEqual([]);
    expect(incidentOnFile(4)?.resolution).toMatchObject({ fixedTag: "v0.1.1", by: "release", done: ["tick-incident", "comment-remaining"] });
  });
});

describe("overdue", () => {
  const PAST = "2026-01-01T00:00:00.000Z";
  const commentPayload = (body: string, sender: Json = { login: "maya", type: "User" }) => {
    const payload = examplePayload<Json>("issue_comment", "created");
    return { ...payload, issue: { ...(payload.issue as Json), number: 4, body }, comment: { ...(payload.comment as Json), body: "any news?", user: sender }, sender };
  };

  it("activity on an incident past its deadline: one comment, the label, the flag; a redelivery changes nothing", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.1.0", { deadline: PAST }))));
    const stale = store.issues.get(4)!.body as string;
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" })
      .post(`${R}/labels`, (b) => b.name === "incident-overdue").reply(201, {})
      .post(`${R}/issues/4/labels`, (b) => JSON.stringify(b).includes("incident-overdue")).reply(200, []);
    await probot.receive({ id: "late-1", name: "issue_comment", payload: commentPayload(stale) as never });
    expect(writes()).toEqual([`POST ${R}/issues/4/comments`, `POST ${R}/labels`, `POST ${R}/issues/4/labels`, `PATCH ${R}/issues/4`]);
    const comment = sent.find((r) => r.path === `${R}/issues/4/comments` && r.method === "POST")?.body as Json;
    expect(comment.body).toContain("### ⏰ v0.1.0: response overdue");
    expect(incidentOnFile(4)?.overdueFlaggedAt).toBeDefined();

    sent.length = 0;
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store);
    await probot.receive({ id: "late-1", name: "issue_comment", payload: commentPayload(stale) as never });
    expect(writes()).toEqual([]);
  });

  it("before the deadline, once flagged, on a resolved incident, or from a bot: no request at all", async () => {
    for (const body of [
      incidentBody(record("v0.1.0")),
      incidentBody(record("v0.1.0", { deadline: PAST, overdueFlaggedAt: PAST })),
      incidentBody(record("v0.1.0", { deadline: PAST, resolution: { fixedTag: "v0.1.1", by: "release", at: PAST, done: [] } })),
      incidentBody(record("v0.1.0", { deadline: null })),
    ]) await probot.receive({ id: "quiet", name: "issue_comment", payload: commentPayload(body) as never });
    await probot.receive({ id: "bot", name: "issue_comment", payload: commentPayload(incidentBody(record("v0.1.0", { deadline: PAST })), { login: "dependabot[bot]", type: "Bot" }) as never });
    expect(sent).toEqual([]);
  });

  it("a release that fixes nothing flags the overdue incidents it saw", async () => {
    store.issues.set(4, issue(4, incidentBody(record("v0.2.0", { deadline: PAST }))));
    serve(mockConfig(mockAuth(), OWNER, REPO, REACH_OFF), store)
      .get(`${R}/issues`).query(true).reply(200, [releaseChecklist(9, "v0.1.5"), store.issues.get(4)!])
      .get(`${R}/issues/4/comments`).query(true).reply(200, [])
      .post(`${R}/issues/4/comments`).reply(201, { id: 1, html_url: "https://x" })
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/issues/4/labels`).reply(200, []);
    await probot.receive({ id: "rel-late", name: "release", payload: releasePayload("v0.1.5") as never });
    expect(writes()).toEqual([`POST ${R}/issues/4/comments`, `POST ${R}/labels`, `POST ${R}/issues/4/labels`, `PATCH ${R}/issues/4`]);
  });
});
