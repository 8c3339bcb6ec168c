import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

const timed = async (request: () => Promise<Response>) => {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { response, ms: performance.now() - started };
};

describe("sim.fail", () => {
  it("status 502 with times: 2 fails exactly twice, then answers normally", async () => {
    sim.fail({ method: "GET", path: "/repos/acme/widgets/releases", status: 502, times: 2 });
    const responses = [];
    for (let attempt = 0; attempt < 4; attempt++) responses.push(await client.api("/repos/acme/widgets/releases"));
    expect(responses.map((response) => response.status)).toEqual([502, 502, 200, 200]);
    expect(await responses[0]!.json()).toEqual({ message: "Simulated failure" });
    expect(responses[0]!.headers.get("retry-after")).toBeNull();
    expect(((await responses[2]!.json()) as unknown[]).length).toBe(2);
    expect(sim.requests({ path: "/repos/acme/widgets/releases" }).map((request) => request.status)).toEqual([502, 502, 200, 200]);
    expect(sim.violations()).toEqual([]);
  });

  it("a failed write changes nothing; the retry does", async () => {
    sim.fail({ method: "DELETE", path: "/repos/acme/widgets/git/refs/tags/v0.0.9", status: 502, times: 2 });
    expect((await client.api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(502);
    expect((await client.api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(502);
    expect(repo.tags.has("v0.0.9")).toBe(true);
    expect((await client.api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(204);
    expect(repo.tags.has("v0.0.9")).toBe(false);
  });

  it("fails once by default, and only requests of the given method", async () => {
    sim.fail({ method: "POST", path: "/repos/acme/widgets/issues", status: 500 });
    expect((await client.api("/repos/acme/widgets/issues")).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "a" } })).status).toBe(500);
    expect((await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "b" } })).status).toBe(201);
    expect([...repo.issues.values()].map((issue) => issue.title)).toEqual(["one", "two", "three", "b"]);
  });

  it("a string path matches as a substring; a RegExp is tested against the path", async () => {
    sim.fail({ path: "/issues/2", status: 503 });
    sim.fail({ path: /^\/repos\/acme\/widgets\/collaborators\/[^/]+\/permission$/, status: 500, times: 2 });
    expect((await client.api("/repos/acme/widgets/issues/2/comments")).status).toBe(503);
    expect((await client.api("/repos/acme/widgets/issues/2")).status).toBe(200);
    expect((await client.api("/repos/acme/widgets/collaborators/maya/permission")).status).toBe(500);
    expect((await client.api("/repos/acme/widgets/collaborators/walt/permission")).status).toBe(500);
    expect((await client.api("/repos/acme/widgets/collaborators/maya/permission")).status).toBe(200);
  });

  it("matches the decoded path, not the query string", async () => {
    sim.fail({ path: "/contents/.github/anvil.yml", status: 502 });
    sim.fail({ path: "per_page", status: 502 });
    expect((await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml")).status).toBe(502);
    expect((await client.api("/repos/acme/widgets/issues?per_page=1")).status).toBe(200);
  });

  it("faults queue up: each is used up in the order they were added", async () => {
    sim.fail({ path: "/repos/acme/widgets/releases", status: 502 });
    sim.fail({ path: "/repos/acme/widgets/releases", status: 504 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await client.api("/repos/acme/widgets/releases")).status);
    expect(statuses).toEqual([502, 504, 200]);
  });

  it("403 with retryAfter is a secondary rate limit with a retry-after header", async () => {
    sim.fail({ method: "POST", path: "/repos/acme/widgets/issues", status: 403, retryAfter: 3 });
    const limited = await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "x" } });
    expect(limited.status).toBe(403);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(((await limited.json()) as { message: string }).message).toBe("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
    expect(repo.issues.size).toBe(3);
    const retried = await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "x" } });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("retry-after")).toBeNull();
  });

  it("retryAfter: 0 still sends the header; a custom message replaces the default", async () => {
    sim.fail({ path: "/repos/acme/widgets", status: 429, retryAfter: 0, message: "API rate limit exceeded" });
    const response = await client.api("/repos/acme/widgets");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("0");
    expect(await response.json()).toEqual({ message: "API rate limit exceeded" });
  });

  it("faults apply to GraphQL too, by path", async () => {
    sim.fail({ method: "POST", path: "/api/graphql", status: 502 });
    const failed = await fetch(`${sim.url}/api/graphql`, { method: "POST", headers: { authorization: `token ${client.token}` }, body: JSON.stringify({ query: "query Q { viewer { login } }" }) });
    expect(failed.status).toBe(502);
    const result = await client.graphql('query AnvilPinned { repository(owner: "acme", name: "widgets") { pinnedIssues(first: 3) { totalCount } } }');
    expect(result.data).toEqual({ repository: { pinnedIssues: { totalCount: 0 } } });
  });

  it("delayMs answers normally, only later, and only for the matching requests", async () => {
    sim.fail({ path: "/repos/acme/widgets/releases", delayMs: 300 });
    const slow = await timed(() => client.api("/repos/acme/widgets/releases"));
    expect(slow.response.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(280);
    const fast = await timed(() => client.api("/repos/acme/widgets/releases"));
    expect(fast.response.status).toBe(200);
    expect(fast.ms).toBeLessThan(250);
  });

  it("delayMs with a status fails after the delay", async () => {
    sim.fail({ method: "PATCH", path: /\/issues\/1$/, delayMs: 200, status: 502 });
    const { response, ms } = await timed(() => client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { title: "late" } }));
    expect(response.status).toBe(502);
    expect(ms).toBeGreaterThanOrEqual(180);
    expect(repo.issues.get(1)?.title).toBe("one");
  });

  it("a delayed write lands after the delay, not before", async () => {
    sim.fail({ method: "POST", path: "/repos/acme/widgets/labels", delayMs: 300 });
    const pending = client.api("/repos/acme/widgets/labels", { method: "POST", body: { name: "slow" } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(repo.labels.has("slow")).toBe(false);
    expect((await pending).status).toBe(201);
    expect(repo.labels.has("slow")).toBe(true);
  });
});

describe("sim.setLatency", () => {
  it("adds a fixed latency to every request until reset to 0", async () => {
    sim.setLatency(150);
    for (const path of ["/repos/acme/widgets", "/repos/acme/widgets/issues"]) {
      const { response, ms } = await timed(() => client.api(path));
      expect(response.status).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(140);
    }
    const graphql = performance.now();
    await client.graphql('query AnvilPinned { repository(owner: "acme", name: "widgets") { pinnedIssues(first: 3) { totalCount } } }');
    expect(performance.now() - graphql).toBeGreaterThanOrEqual(140);

    sim.setLatency(0);
    const { ms } = await timed(() => client.api("/repos/acme/widgets"));
    expect(ms).toBeLessThan(120);
  });

  it("adds up with a fault's delay", async () => {
    sim.setLatency(100);
    sim.fail({ path: "/repos/acme/widgets", delayMs: 150 });
    const { ms } = await timed(() => client.api("/repos/acme/widgets"));
    expect(ms).toBeGreaterThanOrEqual(240);
  });

  it("requests sent at once are delayed concurrently, not one after another", async () => {
    sim.setLatency(200);
    const started = performance.now();
    const responses = await Promise.all([1, 2, 3, 4, 5].map((number) => client.api(`/repos/acme/widgets/issues/${number > 3 ? 1 : number}`)));
    const elapsed = performance.now() - started;
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(800);
  });
});
