import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INCIDENT_RECORD_MARKER, readIncidentRecord } from "../../src/rollback/resolution.js";
import { examplePayload } from "../helpers/fixtures.js";
import { newWorld, R, release, serve, SHA, type World } from "../helpers/rollback-world.js";
import { createTestProbot, markersFor, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/**
 * Issue 11: each severity's response, end to end through the handler against a small stateful
 * GitHub (test/helpers/rollback-world.ts, shared with rollback.test.ts): exact writes, and the absence of the others.
 */

const markers = markersFor();

type Json = Record<string, unknown>;

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  nock.cleanAll(); // the fake GitHub is persisted: not every route is used by every test
  teardownNock();
});

let commentId = 1000;
function comment(body: string, login = "Codertocat", type = "User"): Json {
  const payload = examplePayload<Json>("issue_comment", "created");
  return { ...payload, comment: { ...(payload.comment as Json), id: ++commentId, body, user: { login, type } }, sender: { login, type } };
}
const say = (body: string, login?: string, type?: string) => probot.receive({ id: `d${commentId}`, name: "issue_comment", payload: comment(body, login, type) as never });
const writes = () => sentWrites().map((w) => `${w.method} ${w.path}`);

const statusBody = (world: World) => String([...world.comments].reverse().find((c) => markers.find(String(c.body), "rollback"))?.body);
const incidentOf = (world: World) => world.issues.find((i) => String(i.title).startsWith("Incident"));
const announcementOf = (world: World) => world.issues.find((i) => !String(i.title).startsWith("Incident"));
const writesExcept = (...ignored: RegExp[]) => writes().filter((w) => !ignored.some((pattern) => pattern.test(w)));
/** What every confirmed run writes besides the response: reactions and the status comment. */
const BOOKKEEPING = [/\/reactions$/, /PATCH .*\/issues\/comments\/\d+$/];

describe("the response per severity (issue 11)", () => {
  it("critical (the default): release and tag deleted, pinned announcement, advisory drafted; the plan says so", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    const plan = statusBody(world);
    expect(plan).toContain("| Release and tag | **deleted**: release and tag `v0.1.0` |");
    expect(plan).toContain("| Announcement | an issue telling users what to do, **pinned** |");
    expect(plan).toContain("| Security advisory | a private draft, never linked from public text |");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(writesExcept(...BOOKKEEPING)).toEqual([
      `POST ${R}/labels`, `POST ${R}/issues`, // record: the incident
      `DELETE ${R}/releases/3`, `DELETE ${R}/git/refs/tags/v0.1.0`,
      `POST ${R}/labels`, `POST ${R}/issues`, "POST /graphql", "POST /graphql", // announce; pin: the pinned list, then pinIssue
      `POST ${R}/security-advisories`,
      `PATCH ${R}/issues/100`, // the incident, completed
    ]);
    const record = readIncidentRecord(markers.find(String(incidentOf(world)?.body), INCIDENT_RECORD_MARKER));
    expect(record).toMatchObject({ tag: "v0.1.0", severity: "critical", revocation: "delete", announcement: { number: 101, kind: "pinned" }, advisory: true, status: { issue: 1 } });
    expect(JSON.stringify(record)).not.toMatch(/GHSA/); // the draft's id stays out of public text
    expect(String(incidentOf(world)?.body)).toContain('### Package registries\n- [ ] Yank 0.1.0 on PyPI (no API: the release\'s management page, “Options” → “Yank”): https://pypi.org/manage/project/hello/release/0.1.0/');
  });

  it("a plan that deletes the tag states its costs: Go module proxy, semantic-release, release-please (with the files that show them)", async () => {
    const world = newWorld();
    world.files = {
      "go.mod": "module github.com/codertocat/hello\n",
      ".releaserc.json": "{}",
      ".github/workflows/release.yml": "jobs:\n  release:\n    steps:\n      - uses: googleapis/release-please-action@v4\n",
      ".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - run: go test ./...\n",
    };
    serve(world);
    await say("/rollback v0.1.0");
    const plan = statusBody(world);
    expect(plan).toContain("> [!WARNING]\n> This is a Go module (github.com/codertocat/hello): the Go module proxy keeps serving `v0.1.0` after the tag is deleted.");
    expect(plan).toContain("> semantic-release is configured here (.releaserc.json)");
    expect(plan).toContain("> release-please is configured here (.github/workflows/release.yml)");
    expect(sent.filter((s) => /\/contents\/(?!\.github\/anvil)/.test(s.path)).map((s) => s.path.split("/contents/")[1])).toEqual([
      "go.mod", ".releaserc.json", ".github/workflows", ".github/workflows/ci.yml", ".github/workflows/release.yml",
      // The manifests the plan names the package from (issue 9 item 13); go.mod was read already.
      "pyproject.toml", "package.json", "Cargo.toml",
    ]);
    // The same rollback revoked in place keeps the tag: nothing to state, only the manifests read.
    sent.length = 0;
    await say("/rollback v0.1.0 --severity high --dry-run");
    expect(sent.filter((s) => /\/contents(?!\/\.github\/anvil)/.test(s.path)).map((s) => s.path.split("/contents/")[1])).toEqual(["pyproject.toml", "package.json", "Cargo.toml", "go.mod"]);
    expect(statusBody(world)).not.toContain("[!WARNING]");
  });

  it("high: tag and release kept, demoted to pre-release with a caution banner naming the good version, the good version made Latest, pinned announcement, no advisory", async () => {
    const world = newWorld();
    world.latestId = 3;
    serve(world);
    await say("/rollback v0.1.0 --severity high");
    const plan = statusBody(world);
    expect(plan).toContain("| Release and tag | **kept, revoked in place**: demoted to pre-release, a caution banner at the top of its notes naming `v0.0.9`, and `v0.0.9` made *Latest* |");
    expect(plan).toContain("| Security advisory | none for this severity |");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(writesExcept(...BOOKKEEPING)).toEqual([
      `POST ${R}/labels`, `POST ${R}/issues`,
      `PATCH ${R}/releases/3`, // revoke in place (GitHub then shows v0.0.9 as Latest: make-latest reads it, writes nothing)
      `POST ${R}/labels`, `POST ${R}/issues`, "POST /graphql", "POST /graphql",
      `PATCH ${R}/issues/100`,
    ]);
    expect(sent.some((s) => s.method === "DELETE" || s.path.includes("security-advisories"))).toBe(false);
    const revoked = world.releases.find((r) => r.id === 3);
    expect(revoked).toMatchObject({ prerelease: true, name: "[REVOKED] Hello v0.1.0" });
    expect(String(revoked?.body)).toBe("<!-- anvil:section:release-notice -->\n> [!CAUTION]\n> **This release has been revoked.** Use v0.0.9 instead.\n<!-- anvil:end:release-notice -->\n\nNotes with - [ ] a box");
    expect(world.tagSha).toBe(SHA);
    expect(sent.find((s) => s.path === `${R}/releases/3`)?.body).toMatchObject({ prerelease: true, make_latest: "false" });
    expect(sent.filter((s) => s.path === `${R}/releases/latest`)).toHaveLength(1);
    expect(statusBody(world)).toContain("`v0.0.9` is Latest");
    expect(world.pinned).toHaveLength(1);
    expect(readIncidentRecord(markers.find(String(incidentOf(world)?.body), INCIDENT_RECORD_MARKER))).toMatchObject({ revocation: "mark", releaseNotes: "banner", releaseId: 3, advisory: false });
  });

  it("high: when GitHub would show an older release as Latest, the good version is made Latest", async () => {
    const world = newWorld();
    world.releases = [release(3, "v0.1.0"), release(1, "v0.0.8"), release(2, "v0.0.9")]; // v0.0.8 was published last
    serve(world);
    await say("/rollback v0.1.0 --severity high");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(sent.find((s) => s.method === "PATCH" && s.path === `${R}/releases/2`)?.body).toEqual({ make_latest: "true" });
    expect(world.latestId).toBe(2);
  });

  it("high on an older line: a newer release stays Latest", async () => {
    const world = newWorld();
    world.releases.unshift(release(4, "v1.0.0"));
    world.latestId = 4;
    serve(world);
    await say("/rollback v0.1.0 --severity high");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(writes()).not.toContain(`PATCH ${R}/releases/2`);
    expect(world.latestId).toBe(4);
    expect(statusBody(world)).toContain("`v1.0.0`, a newer release, stays Latest");
  });

  it("medium: kept, a known-issue note, an announcement opened but not pinned, no advisory", async () => {
    const world = newWorld();
    serve(world);
    await say('/rollback v0.1.0 --severity medium --reason "slow start"');
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(writesExcept(...BOOKKEEPING)).toEqual([`POST ${R}/labels`, `POST ${R}/issues`, `PATCH ${R}/releases/3`, `POST ${R}/labels`, `POST ${R}/issues`, `PATCH ${R}/issues/100`]);
    expect(sent.some((s) => s.path === "/graphql" || s.method === "DELETE")).toBe(false);
    expect(world.releases.find((r) => r.id === 3)).toMatchObject({ prerelease: false, name: "Hello v0.1.0" });
    expect(String(world.releases.find((r) => r.id === 3)?.body)).toContain("> [!WARNING]\n> **Known issue** in this release: slow start. Tracked in #100.");
    expect(announcementOf(world)?.title).toBe("Known issue in v0.1.0: consider v0.0.9");
    expect(world.pinned).toEqual([]);
  });

  it("low: incident tracking only; --advisory is refused in the plan, which recommends the next regular release", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity low --advisory");
    const plan = statusBody(world);
    expect(plan).toContain("`--advisory` is ignored: the low response never drafts an advisory");
    expect(plan).toContain("The decision matrix recommends a fix in the next regular release");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(writesExcept(...BOOKKEEPING)).toEqual([`POST ${R}/labels`, `POST ${R}/issues`, `PATCH ${R}/issues/100`]);
    expect(world.releases).toHaveLength(3);
    expect(world.issues).toHaveLength(1);
  });

  it("--revoke mark on a critical rollback keeps the tag; the plan names the override", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --revoke mark");
    expect(statusBody(world)).toContain("`--revoke mark` overrides this severity's `delete` for this run.");
    await say("/rollback v0.1.0 --confirm");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
    expect(world.tagSha).toBe(SHA);
    expect(world.advisories).toHaveLength(1);
  });
});

describe("/rollback v0.1.0 --resolved-by (issue 11)", () => {
  it("after a high rollback: announcement resolved, unpinned, closed; banner says fixed in; incident ticked with a comment of what is left; status links it; again: nothing", async () => {
    const world = newWorld();
    world.releases.unshift(release(5, "v0.0.10"));
    serve(world);
    await say("/rollback v0.1.0 --severity high");
    await say("/rollback v0.1.0 --confirm");
    sent.length = 0;
    await say("/rollback v0.1.0 --resolved-by v0.0.10");
    const announcement = announcementOf(world);
    expect(announcement?.state).toBe("closed");
    expect(String(announcement?.body)).toContain("## Resolved in v0.0.10");
    expect(String(announcement?.body)).toContain('pip install "hello==0.0.10"');
    expect(world.pinned).toEqual([]);
    expect(String(world.releases.find((r) => r.id === 3)?.body)).toContain("It is fixed in [v0.0.10](https://x/v0.0.10): upgrade to it.");
    const incident = incidentOf(world);
    expect(String(incident?.body)).toContain("- [x] Tag the hotfix release — [v0.0.10](https://x/v0.0.10) released");
    expect(readIncidentRecord(markers.find(String(incident?.body), INCIDENT_RECORD_MARKER))?.resolution).toMatchObject({ fixedTag: "v0.0.10", by: "command", actor: "Codertocat" });
    const resolutionComment = world.comments.find((c) => c.issue === incident?.number);
    expect(String(resolutionComment?.body)).toContain("@Codertocat marked [v0.0.10](https://x/v0.0.10) as the fix");
    expect(statusBody(world)).toContain(`**Resolved** in [v0.0.10](https://x/v0.0.10): see #${String(incident?.number)}.`);
    expect(sent.filter((s) => s.path.endsWith("/reactions")).map((s) => (s.body as Json).content)).toEqual(["rocket"]);

    sent.length = 0;
    await say("/rollback v0.1.0 --resolved-by v0.0.10");
    expect(writesExcept(/\/reactions$/)).toEqual([]);
  });

  it("refuses politely, once, changing nothing: no incident; a user without the role gets the usual refusal", async () => {
    const world = newWorld();
    world.role.walt = "write";
    serve(world);
    await say("/rollback v0.1.0 --resolved-by v0.1.1");
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toContain("I found no incident of Anvil's for `v0.1.0`");
    sent.length = 0;
    await say("/rollback v0.1.0 --resolved-by v0.1.1", "walt");
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`]);
    expect(String(world.comments[1]?.body)).toContain("needs the `admin` or `maintain` role");
  });

  it("a redelivered --resolved-by that was refused is not answered again", async () => {
    const world = newWorld();
    serve(world);
    const payload = comment("/rollback v0.1.0 --resolved-by v0.1.1");
    await probot.receive({ id: "resolved-by-1", name: "issue_comment", payload: payload as never });
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`]);
    sent.length = 0;
    await probot.receive({ id: "resolved-by-1", name: "issue_comment", payload: payload as never });
    expect(writes()).toEqual([]);
    expect(world.comments).toHaveLength(1);
  });
});
