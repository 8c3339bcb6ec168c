import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/shell/config/load-config.js";
import { reportConfigProblem } from "../../src/shell/config/report-config-problem.js";
import { examplePayload } from "../helpers/fixtures.js";
import { BOT_LOGIN, INSTALLATION_ID, createTestProbot, githubApi, markersFor, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

/**
 * Loading the configuration against a mocked GitHub: which files are read, which layer is the
 * organization's, and where a broken organization file is reported (once, in `<org>/.github`).
 */

const OWNER = "Codertocat";
const REPO = "Hello-World";
const ORG_REPO_ID = 4242;
const contents = (owner: string, repo: string, path = ".github/anvil.yml") => `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;
const yaml = (text: string) => [200, text, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" }] as const;

type Json = Record<string, unknown>;
let probot: Probot;

beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  teardownNock();
});

async function load(repo = REPO) {
  const octokit = await probot.auth(INSTALLATION_ID);
  return loadConfig(octokit as never, { owner: OWNER, repo });
}

describe("loadConfig", () => {
  it("a repository without a file gets the organization's, in one read of each, policy included", async () => {
    mockConfig(mockAuth(), OWNER, REPO, undefined, "rollback:\n  allowedRoles: [admin]\n  confirm: true\n");
    const result = await load();
    expect(result).toMatchObject({ ok: true, files: [`${OWNER}/.github:.github/anvil.yml`] });
    expect(result.ok && result.config.rollback).toMatchObject({ allowedRoles: ["admin"], confirm: true });
  });

  it("`_extends` to another owner's file cannot skip the organization's layer: ceiling and floor hold", async () => {
    mockAuth()
      .get(contents(OWNER, REPO)).reply(...yaml("_extends: mallory/configs\nenabled: true\n"))
      .get(contents("mallory", "configs")).reply(...yaml("rollback:\n  allowedRoles: [admin, write, read]\n  confirm: false\n"))
      .get(contents(OWNER, ".github")).reply(...yaml("rollback:\n  allowedRoles: [admin, maintain]\n  confirm: true\n"));
    const result = await load();
    expect(result.ok && result.config.rollback).toMatchObject({ allowedRoles: ["admin"], confirm: true });
    expect(result.ok && result.config.policy?.map((note) => note.rule)).toEqual(["ceiling", "floor"]);
    expect(result.ok && result.files).toEqual([`${OWNER}/.github:.github/anvil.yml`, "mallory/configs:.github/anvil.yml", `${OWNER}/${REPO}:.github/anvil.yml`]);
  });

  it("a repository that extends the organization's file reads it once, as the organization's layer", async () => {
    mockAuth()
      .get(contents(OWNER, REPO)).reply(...yaml("_extends: .github\nrollback:\n  allowedRoles: [admin, write]\n"))
      .get(contents(OWNER, ".github")).reply(...yaml("rollback:\n  allowedRoles: [admin]\n"));
    const result = await load();
    expect(result.ok && result.config.rollback.allowedRoles).toEqual(["admin"]);
    expect(sent.filter((request) => request.path.includes("/contents/"))).toHaveLength(2);
  });

  it("an organization file that is not valid YAML is the organization's problem", async () => {
    mockConfig(mockAuth(), OWNER, REPO, "enabled: true\n", "rollback: [unclosed\n");
    expect(await load()).toMatchObject({ ok: false, scope: "organization", problem: { file: `${OWNER}/.github:.github/anvil.yml`, scope: "organization" } });
  });

  it("also when the repository has no file (the loader's fallback)", async () => {
    mockConfig(mockAuth(), OWNER, REPO, undefined, "rollback: [unclosed\n");
    expect(await load()).toMatchObject({ ok: false, scope: "organization" });
  });

  it("a broken file the repository extends elsewhere is the repository's problem", async () => {
    mockAuth()
      .get(contents(OWNER, REPO)).reply(...yaml("_extends: mallory/configs\n"))
      .get(contents("mallory", "configs")).reply(...yaml("rollback: [unclosed\n"));
    expect(await load()).toMatchObject({ ok: false, scope: "repository", problem: { file: "mallory/configs:.github/anvil.yml" } });
  });

  it("the organization's `.github` repository itself: its file is the organization's", async () => {
    mockAuth().get(contents(OWNER, ".github")).reply(...yaml("labels:\n  incidnet: x\n"));
    expect(await load(".github")).toMatchObject({ ok: false, scope: "organization", problem: { key: "labels.incidnet" } });
  });

  it("a failed request is not a configuration problem: it is thrown, so nothing acts on a guess", async () => {
    mockAuth()
      .get(contents(OWNER, REPO)).reply(...yaml("enabled: true\n"))
      .get(contents(OWNER, ".github")).reply(502, { message: "Bad Gateway" });
    await expect(load()).rejects.toMatchObject({ status: 502 });
  });
});

function pushPayload(): Json {
  return examplePayload<Json>("push", undefined, 4);
}

const ORG_ISSUES = `/repos/${OWNER}/.github/issues`;
const BROKEN_ORG = "rollback:\n  allowedRoles: admin\n";

describe("a broken organization file", () => {
  it("is reported once, in the organization's .github repository, and nothing is done in the repository", async () => {
    mockConfig(mockAuth(), OWNER, REPO, "enabled: true\n", BROKEN_ORG)
      .get(`/repos/${OWNER}/.github`).reply(200, { id: ORG_REPO_ID, name: ".github" })
      .get(ORG_ISSUES).query(true).reply(200, [])
      .post(`/repos/${OWNER}/.github/labels`).reply(201, {})
      .post(ORG_ISSUES).reply(201, (_uri, body) => ({ number: 3, ...(body as Json) }));
    await probot.receive({ id: "o1", name: "push", payload: pushPayload() as never });
    const writes = sentWrites();
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`POST /repos/${OWNER}/.github/labels`, `POST ${ORG_ISSUES}`]);
    const created = writes[1]?.body as Json;
    expect(created.title).toBe("Anvil is paused in this organization: its configuration file is invalid");
    expect(created.body).toContain("rollback.allowedRoles");
    // Signed for the organization's repository, so every repository's event finds the same issue.
    expect(markersFor(ORG_REPO_ID).find(String(created.body), "config-problem")).toMatchObject({ scope: "organization", key: "rollback.allowedRoles" });

    // Another event (any repository of the organization): the open issue is found and left alone.
    sent.length = 0;
    mockConfig(githubApi(), OWNER, REPO, "enabled: true\n", BROKEN_ORG)
      .get(`/repos/${OWNER}/.github`).reply(200, { id: ORG_REPO_ID, name: ".github" })
      .get(ORG_ISSUES).query(true).reply(200, [{ number: 3, node_id: "I_3", state: "open", html_url: "x", created_at: "2026-11-20T00:00:00Z", user: { login: BOT_LOGIN }, ...created }]);
    await probot.receive({ id: "o2", name: "push", payload: pushPayload() as never });
    expect(sentWrites()).toEqual([]);
  });

  it("when Anvil cannot reach the organization's .github repository, it warns and goes on", async () => {
    mockConfig(mockAuth(), OWNER, REPO, "enabled: true\n", BROKEN_ORG).get(`/repos/${OWNER}/.github`).reply(404, { message: "Not Found" });
    await probot.receive({ id: "o3", name: "push", payload: pushPayload() as never });
    expect(sentWrites()).toEqual([]);

    // The same step on its own: "unreachable" and one warning, no error.
    mockAuth().get(`/repos/${OWNER}/.github`).reply(403, { message: "Resource not accessible by integration" });
    const warnings: string[] = [];
    const octokit = await probot.auth(INSTALLATION_ID);
    const problem = { file: `${OWNER}/.github:.github/anvil.yml`, message: "broken", scope: "organization" } as const;
    const outcome = await reportConfigProblem(octokit as never, { owner: OWNER, repo: REPO }, BOT_LOGIN, markersFor(), problem, "anvil", { warn: (_details, message) => void warnings.push(message) });
    expect(outcome).toBe("unreachable");
    expect(warnings).toEqual([expect.stringContaining("is Anvil installed there?")]);
  });

  it("/rollback fails closed with one reply that names the organization's file", async () => {
    const payload = examplePayload<Json>("issue_comment", "created");
    const comment = { ...(payload.comment as Json), id: 77, body: "/rollback v1.0.0 --confirm", user: { login: "Codertocat", type: "User" } };
    const issueNumber = (payload.issue as { number: number }).number;
    mockConfig(mockAuth(), OWNER, REPO, "rollback:\n  allowedRoles: [admin]\n  confirm: false\n", BROKEN_ORG)
      // Anvil's replies on the issue, read first so the reply is not repeated (issue 9, no noise).
      .get(`/repos/${OWNER}/${REPO}/issues/${issueNumber}/comments`).query(true).reply(200, [])
      .post(`/repos/${OWNER}/${REPO}/issues/${issueNumber}/comments`).reply(201, { id: 1 });
    await probot.receive({ id: "o4", name: "issue_comment", payload: { ...payload, comment, sender: { login: "Codertocat", type: "User" } } as never });
    const writes = sentWrites();
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`POST /repos/${OWNER}/${REPO}/issues/${issueNumber}/comments`]);
    expect((writes[0]?.body as Json).body).toMatch(/organization's Anvil configuration is invalid[\s\S]*Codertocat\/\.github:\.github\/anvil\.yml[\s\S]*Nothing was changed/);
  });

  it("is closed when the fixed file reaches the .github repository, even with `enabled: false` there", async () => {
    const payload = pushPayload();
    const orgPush = { ...payload, repository: { ...(payload.repository as Json), id: ORG_REPO_ID, name: ".github", full_name: `${OWNER}/.github` } };
    const problemBody = `${markersFor(ORG_REPO_ID).encode("config-problem", { file: `${OWNER}/.github:.github/anvil.yml`, key: null, scope: "organization" })}\nbroken`;
    const forged = `${markersFor().encode("config-problem", { file: "x", key: null, scope: "organization" })}\nsigned for another repository`;
    const issue = (number: number, body: string) => ({ number, node_id: `I_${number}`, title: "Anvil is paused", body, state: "open", html_url: "x", created_at: "2026-11-20T00:00:00Z", user: { login: BOT_LOGIN } });
    mockAuth()
      .get(contents(OWNER, ".github")).reply(...yaml("enabled: false\nrollback:\n  allowedRoles: [admin]\n"))
      .get(ORG_ISSUES).query(true).reply(200, [issue(5, forged), issue(3, problemBody)])
      .patch(`${ORG_ISSUES}/3`).reply(200, {});
    await probot.receive({ id: "o5", name: "push", payload: orgPush as never });
    expect(sentWrites().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${ORG_ISSUES}/3`]);
    expect(sentWrites()[0]?.body).toMatchObject({ state: "closed", body: expect.stringContaining("organization's configuration is valid again") });
  });
});
