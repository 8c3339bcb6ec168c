import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRest, missingResponseFields } from "../../simulator/fidelity.js";
import { OPENAPI_PACKAGE, OPERATIONS } from "../../simulator/operations.js";
import { HANDLERS } from "../../simulator/rest.js";
import type { RepoState, Simulator } from "../../simulator/index.js";
import { startClient, type Client } from "./helpers.js";

let client: Client;
let sim: Simulator;
let repo: RepoState;

beforeEach(async () => {
  client = await startClient();
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  await sim.close();
});

const message = async (response: Response) => ((await response.json()) as { message: string }).message;

describe("requests GitHub's OpenAPI description allows are not reported", () => {
  it("a session of ordinary requests leaves violations() empty", async () => {
    expect((await client.api("/repos/acme/widgets")).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/issues?state=all&labels=bug&per_page=100&page=1&direction=asc&sort=created")).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "t", body: "b", labels: ["x", { name: "y" }] } })).status).toBe(201);
    expect((await client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { state: "closed", state_reason: "completed" } })).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/releases?per_page=10")).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml?ref=main")).status).toBe(200);
    expect(sim.violations()).toEqual([]);
  });
});

describe("requests GitHub would refuse are reported, naming the request", () => {
  it("a body missing a required property is a 422 and a violation", async () => {
    const response = await client.api("/repos/acme/widgets/issues", { method: "POST", body: { body: "no title" } });
    expect(response.status).toBe(422);
    expect(await message(response)).toMatch(/issues\/create: request body .*title/);
    expect(sim.violations()).toEqual([expect.stringMatching(/^POST \/repos\/acme\/widgets\/issues: issues\/create: request body \(root\) must have required property 'title'/)]);
    expect(repo.issues.size).toBe(3);
    expect(sim.requests({ method: "POST" })).toMatchObject([{ path: "/repos/acme/widgets/issues", status: 422, body: { body: "no title" } }]);
  });

  it("a body property of the wrong type or outside its enum is reported with its JSON pointer", async () => {
    expect((await client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { state: "shut" } })).status).toBe(422);
    expect((await client.api("/repos/acme/widgets/labels", { method: "POST", body: { name: 7 } })).status).toBe(422);
    const [state, label] = sim.violations();
    expect(state).toMatch(/^PATCH \/repos\/acme\/widgets\/issues\/1: issues\/update: request body \/state must be equal to one of the allowed values/);
    expect(label).toMatch(/^POST \/repos\/acme\/widgets\/labels: issues\/create-label: request body \/name must be string/);
    expect(repo.issues.get(1)?.state).toBe("open");
    expect(repo.labels.size).toBe(0);
  });

  it("an unknown query parameter is a 422 and a violation naming the request and the parameter", async () => {
    const response = await client.api("/repos/acme/widgets/issues?colour=red&per_page=1");
    expect(response.status).toBe(422);
    expect(sim.violations()).toEqual(['GET /repos/acme/widgets/issues?colour=red&per_page=1: issues/list-for-repo: unknown query parameter "colour"']);
  });

  it("an ill-typed query parameter is reported", async () => {
    expect((await client.api("/repos/acme/widgets/issues?per_page=lots")).status).toBe(422);
    expect((await client.api("/repos/acme/widgets/issues?state=shut")).status).toBe(422);
    const violations = sim.violations();
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^GET \/repos\/acme\/widgets\/issues\?per_page=lots: issues\/list-for-repo: query parameter "per_page"/);
    expect(violations[1]).toMatch(/^GET \/repos\/acme\/widgets\/issues\?state=shut: issues\/list-for-repo: query parameter "state"/);
  });

  it("a body GitHub cannot parse is a 400 and a violation", async () => {
    const response = await client.api("/repos/acme/widgets/issues", { method: "POST", body: "{title: oops" });
    expect(response.status).toBe(400);
    expect(await message(response)).toBe("Problems parsing JSON");
    expect(sim.violations()).toEqual(["POST /repos/acme/widgets/issues: request body is not valid JSON"]);
    // Recorded like every other request: path under /api/v3, query without "?".
    expect(sim.requests({ method: "POST", path: "/repos/acme/widgets/issues" })).toMatchObject([{ status: 400, query: "", body: "{title: oops" }]);
    expect(repo.issues.size).toBe(3);
  });

  it("an endpoint outside the operations Anvil uses is a 501 and a violation", async () => {
    const response = await client.api("/repos/acme/widgets/hooks");
    expect(response.status).toBe(501);
    expect(await message(response)).toMatch(/does not implement GET \/repos\/acme\/widgets\/hooks/);
    const wrongMethod = await client.api("/repos/acme/widgets/releases/tags/v0.0.9", { method: "DELETE" });
    expect(wrongMethod.status).toBe(501);
    expect(sim.violations()).toEqual([
      "GET /repos/acme/widgets/hooks: the simulator does not implement GET /repos/acme/widgets/hooks (not an operation Anvil is known to use)",
      "DELETE /repos/acme/widgets/releases/tags/v0.0.9: the simulator does not implement DELETE /repos/acme/widgets/releases/tags/v0.0.9 (not an operation Anvil is known to use)",
    ]);
  });

  it("a request outside /api/v3 (GHE_HOST not honoured) is a 404 and a violation", async () => {
    const response = await fetch(`${sim.url}/repos/acme/widgets`, { headers: { authorization: `token ${client.token}` } });
    expect(response.status).toBe(404);
    expect(sim.violations()).toEqual([expect.stringMatching(/^GET \/repos\/acme\/widgets: not under \/api\/v3/)]);
  });

  it("violations are reported even for requests without credentials, and are a copy", async () => {
    expect((await client.api("/repos/acme/widgets/issues?bogus=1", { token: null })).status).toBe(422);
    const violations = sim.violations();
    violations.push("tampered");
    expect(sim.violations()).toHaveLength(1);
    expect(sim.violations()[0]).toContain('unknown query parameter "bogus"');
  });

  it("an invalid GraphQL document is reported alongside REST violations", async () => {
    await client.api("/repos/acme/widgets/issues?colour=red");
    const result = await client.graphql('query AnvilBad { repository(owner: "acme", name: "widgets") { nonsense } }');
    expect(result.errors?.[0]?.message).toContain("nonsense");
    expect(sim.violations()).toHaveLength(2);
    expect(sim.violations()[1]).toMatch(/^GraphQL AnvilBad: .*nonsense/);
  });
});

describe("recording", () => {
  it("records method, decoded path, query, body, status, operationId and time", async () => {
    const before = Date.now();
    await client.api("/repos/acme/widgets/issues?state=all&per_page=5");
    await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { accept: "application/vnd.github.raw" } });
    await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "recorded" } });
    const requests = sim.requests();
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ method: "GET", path: "/repos/acme/widgets/issues", query: "state=all&per_page=5", status: 200, operationId: "issues/list-for-repo" });
    expect(requests[0]?.body).toBeUndefined();
    expect(requests[1]).toMatchObject({ path: "/repos/acme/widgets/contents/.github/anvil.yml", operationId: "repos/get-content" });
    expect(requests[2]).toMatchObject({ method: "POST", body: { title: "recorded" }, status: 201, operationId: "issues/create" });
    for (const request of requests) {
      expect(request.at).toBeGreaterThanOrEqual(before);
      expect(request.at).toBeLessThanOrEqual(Date.now());
    }
  });

  it("filters by method, by exact path or by pattern; clearRequests empties the record", async () => {
    await client.api("/repos/acme/widgets/issues");
    await client.api("/repos/acme/widgets/issues/1");
    await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "x" } });
    expect(sim.requests({ method: "POST" })).toHaveLength(1);
    expect(sim.requests({ path: "/repos/acme/widgets/issues" })).toHaveLength(2);
    expect(sim.requests({ path: /\/issues\/\d+$/ })).toHaveLength(1);
    expect(sim.requests({ method: "GET", path: "/repos/acme/widgets/issues" })).toHaveLength(1);
    sim.clearRequests();
    expect(sim.requests()).toEqual([]);
  });
});

describe("the extract of GitHub's description and the handlers agree", () => {
  const extract = JSON.parse(readFileSync(new URL("../../simulator/openapi-operations.json", import.meta.url), "utf8")) as {
    source: string;
    operations: Array<{ method: string; path: string; operationId: string; responses: Array<{ status: number; required: string[] }> }>;
  };

  it("every operation in operations.ts is in the extract, in the same order, and has a handler", () => {
    expect(extract.source).toBe(OPENAPI_PACKAGE);
    expect(extract.operations.map(({ method, path }) => ({ method, path }))).toEqual(OPERATIONS.map(({ method, path }) => ({ method, path })));
    expect(extract.operations.filter((operation) => !HANDLERS[operation.operationId]).map((operation) => operation.operationId)).toEqual([]);
  });

  it("the extract carries each operation's success statuses with their required fields", () => {
    const latest = extract.operations.find((operation) => operation.operationId === "repos/get-latest-release");
    expect(latest?.responses).toEqual([expect.objectContaining({ status: 200, required: expect.arrayContaining(["tag_name", "prerelease", "draft", "assets_url"]) })]);
    expect(missingResponseFields("repos/get-latest-release", 200, { tag_name: "v1" })).toContain("assets_url");
    expect(missingResponseFields("apps/list-webhook-deliveries", 200, [{ id: 1 }])).toContain("guid");
    expect(missingResponseFields("repos/create-dispatch-event", 204, undefined)).toEqual([]);
  });

  it("a specific template wins over a parameter: /releases/latest is not release id 'latest'", () => {
    const verdict = checkRest("GET", "/repos/acme/widgets/releases/latest", new URLSearchParams(), undefined);
    expect(verdict).toMatchObject({ ok: true, operation: { operationId: "repos/get-latest-release" } });
    expect(checkRest("GET", "/repos/acme/widgets/releases/17", new URLSearchParams(), undefined)).toMatchObject({ ok: true, operation: { operationId: "repos/get-release", params: { release_id: "17" } } });
    expect(checkRest("GET", "/repos/acme/widgets/git/ref/heads/anvil/revoked-v0.1.0", new URLSearchParams(), undefined)).toMatchObject({ ok: true, operation: { params: { ref: "heads/anvil/revoked-v0.1.0" } } });
  });
});
