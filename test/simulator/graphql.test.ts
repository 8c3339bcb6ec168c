import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RepoState, Simulator } from "../../simulator/index.js";
import { startClient, type Client } from "./helpers.js";

let client: Client;
let sim: Simulator;
let repo: RepoState;

beforeEach(async () => {
  client = await startClient({
    repos: [
      {
        owner: "acme",
        repo: "widgets",
        issues: [{ title: "one" }, { title: "two" }, { title: "three" }, { title: "four" }, { title: "human pin", author: "maya", pinned: true }],
      },
      { owner: "acme", repo: "gadgets", issues: [{ title: "elsewhere" }] },
    ],
  });
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  await sim.close();
});

const PIN = "mutation AnvilPinIssue($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { id number } } }";
const UNPIN = "mutation AnvilUnpinIssue($issueId: ID!) { unpinIssue(input: { issueId: $issueId }) { issue { id number } } }";
const PINNED = `query AnvilPinned($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { pinnedIssues(first: 3) { totalCount nodes { issue { number title author { __typename login } } } } }
}`;

const nodeId = (number: number, state: RepoState = repo) => state.issues.get(number)!.node_id;
const pinnedNumbers = (state: RepoState = repo) => [...state.issues.values()].filter((issue) => issue.pinned).map((issue) => issue.number);

describe("GraphQL", () => {
  it("401 without an installation token", async () => {
    const response = await fetch(`${sim.url}/api/graphql`, { method: "POST", body: JSON.stringify({ query: PINNED, variables: { owner: "acme", name: "widgets" } }) });
    expect(response.status).toBe(401);
    expect(sim.requests({ path: "/api/graphql" })[0]?.status).toBe(401);
  });

  it("lists pinned issues with their authors", async () => {
    const result = await client.graphql(PINNED, { owner: "acme", name: "widgets" });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      repository: { pinnedIssues: { totalCount: 1, nodes: [{ issue: { number: 5, title: "human pin", author: { __typename: "User", login: "maya" } } }] } },
    });
  });

  it("an unknown repository is null", async () => {
    const result = await client.graphql(PINNED, { owner: "acme", name: "nope" });
    expect(result.data).toEqual({ repository: null });
  });

  it("a bot's issue is authored by a Bot named by the app's slug, without [bot]", async () => {
    const created = (await (await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "Rollback v0.1.0" } })).json()) as { number: number };
    const result = await client.graphql(`query AnvilIssue { repository(owner: "acme", name: "widgets") { issue(number: ${created.number}) { id state author { __typename login } } } }`);
    expect(result.data).toEqual({ repository: { issue: { id: nodeId(created.number), state: "OPEN", author: { __typename: "Bot", login: "anvil" } } } });
  });

  it("pins at most three issues: the fourth pinIssue fails and changes nothing", async () => {
    for (const number of [1, 2]) {
      const result = await client.graphql(PIN, { issueId: nodeId(number) });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ pinIssue: { issue: { id: nodeId(number), number } } });
    }
    expect(pinnedNumbers()).toEqual([1, 2, 5]);

    const fourth = await client.graphql(PIN, { issueId: nodeId(3) });
    expect(fourth.errors).toHaveLength(1);
    expect(fourth.errors?.[0]).toMatchObject({ type: "UNPROCESSABLE" });
    expect(fourth.errors?.[0]?.message).toMatch(/at most 3 pinned issues/);
    expect(fourth.data).toEqual({ pinIssue: null });
    expect(pinnedNumbers()).toEqual([1, 2, 5]);

    const listed = await client.graphql(PINNED, { owner: "acme", name: "widgets" });
    expect((listed.data as { repository: { pinnedIssues: { totalCount: number } } }).repository.pinnedIssues.totalCount).toBe(3);
    expect(sim.requests({ path: "/api/graphql" }).map((request) => request.graphqlOperation)).toEqual(["AnvilPinIssue", "AnvilPinIssue", "AnvilPinIssue", "AnvilPinned"]);
    // A refused pin is GitHub behaviour, not a request GitHub would reject as malformed.
    expect(sim.violations()).toEqual([]);
  });

  it("pinning an already pinned issue at the limit succeeds; unpinning frees a slot", async () => {
    await client.graphql(PIN, { issueId: nodeId(1) });
    await client.graphql(PIN, { issueId: nodeId(2) });
    expect((await client.graphql(PIN, { issueId: nodeId(5) })).errors).toBeUndefined();
    expect((await client.graphql(UNPIN, { issueId: nodeId(5) })).data).toEqual({ unpinIssue: { issue: { id: nodeId(5), number: 5 } } });
    expect((await client.graphql(PIN, { issueId: nodeId(4) })).errors).toBeUndefined();
    expect(pinnedNumbers()).toEqual([1, 2, 4]);
  });

  it("the limit is per repository", async () => {
    await client.graphql(PIN, { issueId: nodeId(1) });
    await client.graphql(PIN, { issueId: nodeId(2) });
    const gadgets = sim.repo("acme", "gadgets");
    expect((await client.graphql(PIN, { issueId: nodeId(1, gadgets) })).errors).toBeUndefined();
    expect(pinnedNumbers(gadgets)).toEqual([1]);
  });

  it("an unknown node id is NOT_FOUND", async () => {
    const result = await client.graphql(PIN, { issueId: "I_does_not_exist" });
    expect(result.errors?.[0]).toMatchObject({ type: "NOT_FOUND", message: "Could not resolve to a node with the global id of 'I_does_not_exist'." });
  });

  it("a document that breaks GitHub's schema is an error and a violation naming the operation", async () => {
    const result = await client.graphql('query AnvilTypo { repository(owner: "acme", name: "widgets") { pinnedIssuez(first: 3) { totalCount } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toContain("pinnedIssuez");
    const violations = sim.violations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^GraphQL AnvilTypo: .*pinnedIssuez/);
    expect(sim.requests({ path: "/api/graphql" })[0]).toMatchObject({ method: "POST", status: 200, graphqlOperation: "AnvilTypo" });
  });

  it("a wrongly typed argument and an anonymous invalid document are reported too", async () => {
    await client.graphql('mutation AnvilBadInput { pinIssue(input: { issueId: 42, clientMutationId: true }) { issue { id } } }');
    await client.graphql("{ viewer { nope } }");
    const violations = sim.violations();
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^GraphQL AnvilBadInput: /);
    expect(violations[1]).toMatch(/^GraphQL \(anonymous\): .*nope/);
  });

  it("a document that does not even parse is a GraphQL error and a violation, not a simulator crash", async () => {
    const response = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `token ${client.token}` },
      body: JSON.stringify({ query: 'query AnvilBroken { repository(owner: "acme" ' }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { errors?: Array<{ message: string }> };
    expect(result.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(sim.violations()).toHaveLength(1);
    expect(sim.violations()[0]).toMatch(/^GraphQL AnvilBroken: Syntax Error/);
  });

  it("a request without a query is reported", async () => {
    const response = await fetch(`${sim.url}/api/graphql`, { method: "POST", headers: { authorization: `token ${client.token}` }, body: JSON.stringify({ variables: {} }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown[] }).errors).toHaveLength(1);
    const notAString = await fetch(`${sim.url}/api/graphql`, { method: "POST", headers: { authorization: `token ${client.token}` }, body: JSON.stringify({ query: 42 }) });
    expect(notAString.status).toBe(200);
    expect(sim.violations()).toHaveLength(2);
    for (const violation of sim.violations()) expect(violation).toMatch(/^GraphQL \(anonymous\): A query attribute must be specified/);
    expect(sim.requests({ path: "/api/graphql" }).map((request) => request.status)).toEqual([200, 200]);
  });
});
