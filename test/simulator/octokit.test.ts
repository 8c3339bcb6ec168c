import { ProbotOctokit } from "probot";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobSha, type Simulator } from "../../simulator/index.js";
import { FAKE_JWT, startClient } from "./helpers.js";

/**
 * Conformance through the real client: Probot's Octokit (endpoint methods and its paginator)
 * drives every operation issues 11–13 added, and the simulator must neither see a request GitHub
 * would refuse nor answer one without a field GitHub's description requires. Many pages of data:
 * `octokit.paginate` must gather every item, by page numbers or by cursors, as against GitHub.
 */

const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
type Client = InstanceType<typeof Octokit>;

let sim: Simulator;
let octokit: Client;
let asApp: Client;
const repo = { owner: "acme", repo: "widgets" };

beforeEach(async () => {
  const client = await startClient({
    repos: [
      {
        ...repo,
        files: { "README.md": "# Widgets\n" },
        releases: Array.from({ length: 120 }, (_, index) => ({ tag: `v0.${index}.0` })),
        issues: Array.from({ length: 230 }, (_, index) => ({ title: `issue ${index + 1}`, labels: index % 2 === 0 ? ["even"] : [] })),
        securityAdvisories: Array.from({ length: 130 }, (_, index) => ({ summary: `advisory ${index + 1}`, severity: "low" as const })),
      },
    ],
  });
  sim = client.sim;
  octokit = new Octokit({ auth: { token: client.token }, baseUrl: `${sim.url}/api/v3` });
  asApp = new Octokit({ auth: { token: FAKE_JWT }, baseUrl: `${sim.url}/api/v3` });
});
/** Every operation answered with a success status in this file, to show all of them conform. */
const exercised = new Set<string>();
afterEach(async () => {
  for (const request of sim.requests()) if (request.operationId && request.status < 300) exercised.add(request.operationId);
  await sim.close();
});
afterAll(() => {
  const extract = JSON.parse(readFileSync(new URL("../../simulator/openapi-operations.json", import.meta.url), "utf8")) as { operations: Array<{ operationId: string }> };
  // The token exchange happens before the session (startClient); git/get-tag is always 404 (annotated tags are not modelled).
  const untested = extract.operations.map((operation) => operation.operationId).filter((id) => !exercised.has(id) && id !== "apps/create-installation-access-token" && id !== "git/get-tag");
  expect(untested).toEqual([]);
});

describe("octokit.paginate gathers every item", () => {
  it("issues (page numbers, with filters kept across pages), comments and releases", async () => {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: "all", per_page: 100 });
    expect(issues).toHaveLength(230);
    expect(new Set(issues.map((issue) => issue.number)).size).toBe(230);
    const even = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: "even", per_page: 7 });
    expect(even).toHaveLength(115);

    const state = sim.repo("acme", "widgets");
    const issue = state.issues.get(1)!;
    for (let index = 0; index < 45; index++) issue.comments.push({ id: 90_000 + index, node_id: `IC_${index}`, body: `c${index}`, user: issue.user, created_at: issue.created_at, updated_at: issue.created_at, reactions: [] });
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 1, per_page: 10 });
    expect(comments.map((comment) => comment.body)).toEqual(Array.from({ length: 45 }, (_, index) => `c${index}`));

    const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100 });
    expect(releases).toHaveLength(120);
    expect(releases[0]?.tag_name).toBe("v0.119.0");
    expect(sim.requests({ path: "/repos/acme/widgets/releases" })).toHaveLength(2);
  });

  it("advisories by cursor (after=…): one request per page, nothing twice", async () => {
    const advisories = await octokit.paginate(octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repo, per_page: 50 });
    expect(advisories).toHaveLength(130);
    expect(new Set(advisories.map((advisory) => advisory.ghsa_id)).size).toBe(130);
    expect(sim.requests({ path: "/repos/acme/widgets/security-advisories" })).toHaveLength(3);
    // The first page alone (what a single call with per_page: 100 sees) is not everything.
    const { data } = await octokit.rest.securityAdvisories.listRepositoryAdvisories({ ...repo, per_page: 100 });
    expect(data).toHaveLength(100);
  });

  it("webhook deliveries by cursor, with the app's JWT", async () => {
    for (let index = 0; index < 75; index++) sim.recordDelivery({ guid: `guid-${index}`, event: "push", statusCode: index % 3 === 0 ? 502 : 200 });
    const deliveries = await asApp.paginate(asApp.rest.apps.listWebhookDeliveries, { per_page: 30 });
    expect(deliveries.map((delivery) => delivery.guid)).toEqual(Array.from({ length: 75 }, (_, index) => `guid-${74 - index}`));
    const failed = await asApp.paginate(asApp.rest.apps.listWebhookDeliveries, { per_page: 10, status: "failure" });
    expect(failed).toHaveLength(25);
  });

  afterEach(() => {
    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
  });
});

describe("every operation of issues 11–13 through Octokit's endpoint methods", () => {
  it("conforms: no violation, no response lacking a required field", async () => {
    // Releases (issue 11)
    const { data: created } = await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0", name: "1.0.0", body: "notes", make_latest: "true" });
    await octokit.rest.repos.getRelease({ ...repo, release_id: created.id });
    expect((await octokit.rest.repos.getLatestRelease(repo)).data.tag_name).toBe("v1.0.0");
    await octokit.rest.repos.updateRelease({ ...repo, release_id: created.id, prerelease: true, body: "revoked" });
    await octokit.rest.repos.updateRelease({ ...repo, release_id: sim.repo("acme", "widgets").releases[118]!.id, make_latest: "true" });
    expect((await octokit.rest.repos.getLatestRelease(repo)).data.tag_name).toBe("v0.118.0");
    await octokit.rest.repos.getReleaseByTag({ ...repo, tag: "v1.0.0" });

    // Advisories
    const { data: advisory } = await octokit.rest.securityAdvisories.createRepositoryAdvisory({ ...repo, summary: "s", description: "d", severity: "critical", vulnerabilities: [{ package: { ecosystem: "pip", name: "widgets" }, vulnerable_version_range: "= 1.0.0" }] });
    await octokit.rest.securityAdvisories.updateRepositoryAdvisory({ ...repo, ghsa_id: advisory.ghsa_id, vulnerabilities: [{ package: { ecosystem: "pip", name: "widgets" }, vulnerable_version_range: "= 1.0.0", patched_versions: "1.0.1" }] });
    const { data: read } = await octokit.rest.securityAdvisories.getRepositoryAdvisory({ ...repo, ghsa_id: advisory.ghsa_id });
    expect(read.vulnerabilities?.[0]?.patched_versions).toBe("1.0.1");

    // Branches, contents, pull requests, dispatch (issue 12)
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/anvil/revoked-v1.0.0", sha: main.object.sha });
    await octokit.rest.repos.getBranch({ ...repo, branch: "anvil/revoked-v1.0.0" });
    const { data: readme } = await octokit.rest.repos.getReadme({ ...repo, ref: "anvil/revoked-v1.0.0" });
    expect(readme.sha).toBe(blobSha("# Widgets\n"));
    await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: "README.md", message: "banner", content: Buffer.from("> revoked\n# Widgets\n").toString("base64"), sha: readme.sha, branch: "anvil/revoked-v1.0.0" });
    await octokit.rest.repos.getContent({ ...repo, path: "README.md", ref: "anvil/revoked-v1.0.0" });
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: "Banner", head: "anvil/revoked-v1.0.0", base: "main", body: "b" });
    expect(pull.number).toBe(231);
    expect(await octokit.paginate(octokit.rest.pulls.list, { ...repo, head: "acme:anvil/revoked-v1.0.0", state: "all" })).toHaveLength(1);
    await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, state: "closed" });
    await octokit.rest.git.deleteRef({ ...repo, ref: "heads/anvil/revoked-v1.0.0" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/anvil/post-mortem", sha: main.object.sha });
    await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: "docs/incidents/2026-11-25-v1-0-0.md", message: "Post-mortem", content: Buffer.from("# Post-mortem\n").toString("base64"), branch: "anvil/post-mortem" });
    const { data: postMortem } = await octokit.rest.pulls.create({ ...repo, title: "Post-mortem", head: "anvil/post-mortem", base: "main" });
    const { data: merged } = await octokit.rest.pulls.merge({ ...repo, pull_number: postMortem.number });
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/anvil/post-mortem", sha: merged.sha });
    expect(sim.repo("acme", "widgets").files.get("docs/incidents/2026-11-25-v1-0-0.md")).toBe("# Post-mortem\n");
    await octokit.rest.repos.createDispatchEvent({ ...repo, event_type: "anvil-rollback", client_payload: { tag: "v1.0.0" } });
    await octokit.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ["anvil:overdue"] });
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: 1, name: "anvil:overdue" });

    // Deliveries (issue 13)
    const delivery = sim.recordDelivery({ guid: "g", event: "push", statusCode: 500 });
    await asApp.rest.apps.getWebhookDelivery({ delivery_id: delivery.id });
    expect((await asApp.rest.apps.redeliverWebhookDelivery({ delivery_id: delivery.id })).status).toBe(202);

    // Installations (several installations: test/simulator/installations.test.ts)
    sim.addInstallation({ account: "globex" });
    const installations = await asApp.paginate(asApp.rest.apps.listInstallations, { per_page: 1 });
    expect(installations.map((installation) => installation.account?.login)).toEqual(["acme", "globex"]);
    expect((await asApp.rest.apps.getInstallation({ installation_id: sim.app.installationId })).data.id).toBe(sim.app.installationId);
    expect((await asApp.rest.apps.getRepoInstallation(repo)).data.id).toBe(sim.app.installationId);

    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
    expect(sim.redeliveries()).toHaveLength(1);
    expect(sim.repo("acme", "widgets").dispatches).toHaveLength(1);
  });
});

describe("the operations Anvil used before issues 11-13, through Octokit", () => {
  it("conform as well: no violation, no response lacking a required field", async () => {
    await asApp.rest.apps.getAuthenticated();
    await octokit.rest.repos.get(repo);
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "Release checklist", body: "- [ ] a", labels: ["release"] });
    await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    await octokit.rest.issues.update({ ...repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
    const { data: comment } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: "status" });
    await octokit.rest.issues.getComment({ ...repo, comment_id: comment.id });
    await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "status, updated" });
    await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 });
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    await octokit.rest.issues.createLabel({ ...repo, name: "anvil", color: "5319e7" });
    await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "maya" });
    await octokit.rest.repos.getContent({ ...repo, path: "README.md" });
    const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: "main" });
    const { data: run } = await octokit.rest.checks.create({ ...repo, name: "Release checklist", head_sha: commit.sha, status: "in_progress", output: { title: "0 / 1", summary: "s" } });
    await octokit.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: "success" });
    await octokit.rest.checks.listForRef({ ...repo, ref: commit.sha, check_name: "Release checklist" });
    await octokit.rest.git.getRef({ ...repo, ref: "tags/v0.1.0" });
    const release = sim.repo("acme", "widgets").releases.find((candidate) => candidate.tag_name === "v0.1.0")!;
    await octokit.rest.repos.deleteRelease({ ...repo, release_id: release.id });
    await octokit.rest.git.deleteRef({ ...repo, ref: "tags/v0.1.0" });
    await octokit.rest.securityAdvisories.createRepositoryAdvisory({ ...repo, summary: "s", description: "d", severity: "high", vulnerabilities: [{ package: { ecosystem: "npm", name: "widgets" } }] });
    await octokit.rest.securityAdvisories.listRepositoryAdvisories({ ...repo, per_page: 100 });

    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
  });
});
