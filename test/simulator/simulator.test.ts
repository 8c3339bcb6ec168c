import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";

let sim: Simulator;
let repo: RepoState;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({
    repos: [
      {
        owner: "acme",
        repo: "widgets",
        collaborators: { maya: "maintain", walt: "write" },
        files: { ".github/anvil.yml": "enabled: true\n" },
        releases: [{ tag: "v0.0.9" }, { tag: "v0.1.0", immutable: true }],
        issues: [{ title: "one" }, { title: "two" }, { title: "three" }, { title: "human pin", pinned: true }],
      },
    ],
  });
  repo = sim.repo("acme", "widgets");
  const response = await fetch(`${sim.url}/api/v3/app/installations/${sim.app.installationId}/access_tokens`, { method: "POST", headers: { authorization: "Bearer a.b.c" } });
  expect(response.status).toBe(201);
  token = ((await response.json()) as { token: string }).token;
});
afterEach(async () => {
  await sim.close();
});

const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  fetch(`${sim.url}/api/v3${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `token ${token}`, "content-type": "application/json", ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
const graphql = (query: string, variables: Record<string, unknown> = {}) =>
  fetch(`${sim.url}/api/graphql`, { method: "POST", headers: { authorization: `token ${token}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<{ data?: Record<string, unknown>; errors?: Array<{ message: string }> }>);

describe("the GitHub simulator answers like GitHub", () => {
  it("refuses requests without an installation token, and /app without a JWT", async () => {
    expect((await fetch(`${sim.url}/api/v3/repos/acme/widgets/issues`)).status).toBe(401);
    expect((await api("/app")).status).toBe(401);
  });

  it("paginates lists with Link headers", async () => {
    const first = await api("/repos/acme/widgets/issues?per_page=2&state=open");
    expect(first.status).toBe(200);
    expect(((await first.json()) as unknown[]).length).toBe(2);
    const link = first.headers.get("link") ?? "";
    expect(link).toMatch(/rel="next"/);
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? "";
    const second = await fetch(next, { headers: { authorization: `token ${token}` } });
    expect(((await second.json()) as unknown[]).length).toBe(2);
    expect(second.headers.get("link") ?? "").not.toMatch(/rel="next"/);
  });

  it("issues the app creates are authored by its bot user", async () => {
    const response = await api("/repos/acme/widgets/issues", { method: "POST", body: { title: "Pre-release checklist", body: "- [ ] a", labels: ["release-checklist"] } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { user: { login: string; type: string }; labels: Array<{ name: string }> };
    expect(created.user).toMatchObject({ login: "anvil[bot]", type: "Bot" });
    expect(created.labels.map((label) => label.name)).toEqual(["release-checklist"]);
  });

  it("422 for a duplicate label", async () => {
    expect((await api("/repos/acme/widgets/labels", { method: "POST", body: { name: "incident", color: "b60205" } })).status).toBe(201);
    const duplicate = await api("/repos/acme/widgets/labels", { method: "POST", body: { name: "incident", color: "b60205" } });
    expect(duplicate.status).toBe(422);
    expect(JSON.stringify(await duplicate.json())).toContain("already_exists");
  });

  it("collaborator permission carries permission and role_name", async () => {
    const response = await api("/repos/acme/widgets/collaborators/maya/permission");
    expect(await response.json()).toMatchObject({ permission: "write", role_name: "maintain" });
    const walt = (await (await api("/repos/acme/widgets/collaborators/walt/permission")).json()) as { role_name: string };
    expect(walt.role_name).toBe("write");
  });

  it("404 for a deleted release and a deleted ref; 422 deleting a ref twice", async () => {
    const release = repo.releases.find((candidate) => candidate.tag_name === "v0.0.9")!;
    expect((await api(`/repos/acme/widgets/releases/${release.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api("/repos/acme/widgets/releases/tags/v0.0.9")).status).toBe(404);
    expect((await api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(204);
    expect((await api("/repos/acme/widgets/git/ref/tags/v0.0.9")).status).toBe(404);
    expect((await api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(422);
    expect(sim.violations()).toEqual([]);
  });

  it("serves config raw with an ETag and answers If-None-Match with 304", async () => {
    const first = await api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { accept: "application/vnd.github.raw" } });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("enabled: true\n");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { accept: "application/vnd.github.raw", "if-none-match": etag } });
    expect(again.status).toBe(304);
    repo.files.set(".github/anvil.yml", "enabled: false\n");
    expect((await api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { accept: "application/vnd.github.raw", "if-none-match": etag } })).status).toBe(200);
  });

  it("pins at most three issues", async () => {
    const pin = (number: number) => graphql("mutation Pin($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { id } } }", { issueId: repo.issues.get(number)!.node_id });
    expect((await pin(1)).errors).toBeUndefined();
    expect((await pin(2)).errors).toBeUndefined();
    const fourth = await pin(3);
    expect(fourth.errors?.[0]?.message).toMatch(/pin/i);
    expect([...repo.issues.values()].filter((issue) => issue.pinned)).toHaveLength(3);
    const listed = await graphql('query Pinned { repository(owner: "acme", name: "widgets") { pinnedIssues(first: 3) { nodes { issue { number } } } } }');
    expect(JSON.stringify(listed.data)).toContain('"number":4');
  });
});

describe("fidelity: what GitHub would refuse is reported", () => {
  it("a body that breaks the OpenAPI description, an unknown query parameter and an unimplemented endpoint", async () => {
    expect((await api("/repos/acme/widgets/issues", { method: "POST", body: { body: "no title" } })).status).toBe(422);
    expect((await api("/repos/acme/widgets/issues?colour=red")).status).toBe(422);
    expect((await api("/repos/acme/widgets/hooks")).status).toBe(501);
    const violations = sim.violations();
    expect(violations).toHaveLength(3);
    expect(violations[0]).toContain("POST /repos/acme/widgets/issues");
    expect(violations[1]).toContain('unknown query parameter "colour"');
    expect(violations[2]).toContain("does not implement GET /repos/acme/widgets/hooks");
  });

  it("a GraphQL document that is not valid against GitHub's schema", async () => {
    const result = await graphql('query Bad { repository(owner: "acme", name: "widgets") { pinnedIssuez { totalCount } } }');
    expect(result.errors?.[0]?.message).toContain("pinnedIssuez");
    expect(sim.violations()[0]).toMatch(/^GraphQL Bad: .*pinnedIssuez/);
  });
});

describe("fault injection and recording", () => {
  it("fails exactly the next N matching requests, then answers normally", async () => {
    sim.fail({ method: "GET", path: "/repos/acme/widgets/releases", status: 502, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api("/repos/acme/widgets/releases")).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect((await api("/repos/acme/widgets/issues")).status).toBe(200);
    expect(sim.requests({ method: "GET", path: "/repos/acme/widgets/releases" }).map((request) => request.status)).toEqual([502, 502, 200]);
  });

  it("a secondary rate limit is a 403 with retry-after", async () => {
    sim.fail({ method: "POST", path: /\/issues$/, status: 403, retryAfter: 7 });
    const response = await api("/repos/acme/widgets/issues", { method: "POST", body: { title: "x" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(((await response.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect(repo.issues.size).toBe(4);
  });

  it("slow responses and a fixed latency", async () => {
    sim.fail({ path: "/repos/acme/widgets/releases", delayMs: 150 });
    let started = Date.now();
    expect((await api("/repos/acme/widgets/releases")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.setLatency(100);
    started = Date.now();
    await api("/repos/acme/widgets/issues");
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it("an immutable release's tag cannot be deleted", async () => {
    const response = await api("/repos/acme/widgets/git/refs/tags/v0.1.0", { method: "DELETE" });
    expect(response.status).toBe(422);
    expect(repo.tags.has("v0.1.0")).toBe(true);
  });
});
