import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payloads } from "../../harness/webhook-payloads.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { FAKE_JWT } from "./helpers.js";

/**
 * Several installations of the app (one per account), as a hosted app serving many organizations
 * has: each installation has its own token, which reaches only its own repositories, and every
 * webhook about a repository carries the installation that covers it.
 */

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

let sim: Simulator;
/** The app as Probot authenticates it: a real JWT, then one installation token per installation. */
let probot: Probot;

beforeEach(async () => {
  sim = await startSimulator({
    installations: [{ id: 101, account: "globex" }, { id: 102, account: "initech", repositories: ["selected"] }, { id: 103, account: "hooli", accountType: "User" }],
    repos: [
      { owner: "acme", repo: "widgets" },
      { owner: "globex", repo: "gadgets", private: true },
      { owner: "globex", repo: "public-gadgets" },
      { owner: "initech", repo: "selected" },
      { owner: "initech", repo: "unselected", private: true },
      { owner: "hooli", repo: "nucleus" },
    ],
  });
  probot = new Probot({ appId: sim.app.id, privateKey, baseUrl: `${sim.url}/api/v3`, Octokit });
});
afterEach(async () => {
  await sim.close();
});

const asApp = () => new Octokit({ auth: { token: FAKE_JWT }, baseUrl: `${sim.url}/api/v3` });

describe("several installations (simulator)", () => {
  it("GET /app/installations lists them all (JWT only, paginated); GET /app/installations/{id} finds one", async () => {
    const app = asApp();
    const listed = await app.paginate(app.rest.apps.listInstallations, { per_page: 2 });
    expect(listed.map((installation) => [installation.id, installation.account?.login, installation.repository_selection, installation.target_type])).toEqual([
      [42, "acme", "all", "Organization"],
      [101, "globex", "all", "Organization"],
      [102, "initech", "selected", "Organization"],
      [103, "hooli", "all", "User"],
    ]);
    expect((await app.rest.apps.getInstallation({ installation_id: 102 })).data).toMatchObject({ id: 102, app_id: sim.app.id, app_slug: "anvil", access_tokens_url: `${sim.url}/api/v3/app/installations/102/access_tokens` });
    await expect(app.rest.apps.getInstallation({ installation_id: 999 })).rejects.toMatchObject({ status: 404 });
    const withToken = await fetch(`${sim.url}/api/v3/app/installations`, { headers: { authorization: `token ${await tokenFor(101)}` } });
    expect(withToken.status).toBe(401);
    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
  });

  it("GET /repos/{o}/{r}/installation names the installation covering the repository: its account's, else the default; 404 when the account selected other repositories", async () => {
    const app = asApp();
    const installationOf = async (owner: string, repo: string) => (await app.rest.apps.getRepoInstallation({ owner, repo })).data.id;
    expect(await installationOf("acme", "widgets")).toBe(42);
    expect(await installationOf("globex", "gadgets")).toBe(101);
    expect(await installationOf("initech", "selected")).toBe(102);
    expect(await installationOf("hooli", "nucleus")).toBe(103);
    await expect(installationOf("initech", "unselected")).rejects.toMatchObject({ status: 404 });
    await expect(installationOf("nobody", "nothing")).rejects.toMatchObject({ status: 404 });
    // It takes the app's JWT, not an installation token.
    expect((await fetch(`${sim.url}/api/v3/repos/globex/gadgets/installation`, { headers: { authorization: `token ${await tokenFor(101)}` } })).status).toBe(401);
    expect(sim.installationOf("globex", "gadgets")?.id).toBe(101);
    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
  });

  it("Probot authenticates as each installation with a token of its own (POST /app/installations/{id}/access_tokens), which works on that installation's repositories", async () => {
    const globex = await probot.auth(101);
    const acme = await probot.auth(42);
    expect((await globex.rest.repos.get({ owner: "globex", repo: "gadgets" })).data.full_name).toBe("globex/gadgets");
    expect((await globex.rest.issues.create({ owner: "globex", repo: "gadgets", title: "from globex's installation" })).status).toBe(201);
    expect((await acme.rest.issues.create({ owner: "acme", repo: "widgets", title: "from acme's installation" })).status).toBe(201);
    const exchanges = sim.requests({ method: "POST", path: /^\/app\/installations\/\d+\/access_tokens$/ }).map((request) => request.path);
    expect(exchanges).toEqual(["/app/installations/101/access_tokens", "/app/installations/42/access_tokens"]);
    expect(sim.installations().map((installation) => [installation.id, installation.tokensIssued])).toEqual([
      [42, 1],
      [101, 1],
      [102, 0],
      [103, 0],
    ]);
    expect(sim.requests({ path: /^\/repos\// }).map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(["GET /repos/globex/gadgets 200", "POST /repos/globex/gadgets/issues 201", "POST /repos/acme/widgets/issues 201"]);
    // No such installation: the token exchange is refused (the first request fails with it).
    await expect((await probot.auth(999)).rest.repos.get({ owner: "acme", repo: "widgets" })).rejects.toMatchObject({ status: 404 });
    expect(sim.violations()).toEqual([]);
    expect(sim.responseGaps()).toEqual([]);
  });

  it("a token does not reach another installation's repositories: private ones are 404, public ones read-only (403 on writes); each refusal is a violation", async () => {
    const acme = await probot.auth(42);
    await expect(acme.rest.repos.get({ owner: "globex", repo: "gadgets" })).rejects.toMatchObject({ status: 404 });
    expect((await acme.rest.repos.get({ owner: "globex", repo: "public-gadgets" })).status).toBe(200);
    await expect(acme.rest.issues.create({ owner: "globex", repo: "public-gadgets", title: "not mine" })).rejects.toMatchObject({ status: 403 });
    const initech = await probot.auth(102);
    await expect(initech.rest.repos.get({ owner: "initech", repo: "unselected" })).rejects.toMatchObject({ status: 404 });
    expect(sim.repo("globex", "public-gadgets").issues.size).toBe(0);
    expect(sim.violations()).toEqual([
      "GET /repos/globex/gadgets: a token of installation 42 used on globex/gadgets, which that installation does not cover",
      "POST /repos/globex/public-gadgets/issues: a token of installation 42 used on globex/public-gadgets, which that installation does not cover",
      "GET /repos/initech/unselected: a token of installation 102 used on initech/unselected, which that installation does not cover",
    ]);
  });

  it("GraphQL with an installation token sees its own repositories and public ones, not another installation's private ones", async () => {
    const acme = await probot.auth(42);
    const globex = await probot.auth(101);
    const query = "query AnvilRepo($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id } }";
    expect(await acme.graphql(query, { owner: "globex", name: "gadgets" })).toEqual({ repository: null });
    expect(await globex.graphql(query, { owner: "globex", name: "gadgets" })).toMatchObject({ repository: { id: expect.any(String) } });
    expect(await acme.graphql(query, { owner: "globex", name: "public-gadgets" })).toMatchObject({ repository: { id: expect.any(String) } });
  });

  it("webhooks about a repository carry the installation covering it: those GitHub sends for changes, and the harness's payloads", async () => {
    const received: Array<{ event: string; installation: number; repository: string }> = [];
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const payload = JSON.parse(body) as { installation: { id: number }; repository: { full_name: string } };
        received.push({ event: String(req.headers["x-github-event"]), installation: payload.installation.id, repository: payload.repository.full_name });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      sim.setWebhookTarget({ url: `http://127.0.0.1:${port}/`, secret: "s", emit: ["issues"] });
      await (await probot.auth(101)).rest.issues.create({ owner: "globex", repo: "gadgets", title: "t" });
      await (await probot.auth(42)).rest.issues.create({ owner: "acme", repo: "widgets", title: "t" });
      await sim.webhooksSettled();
      expect(received).toEqual([
        { event: "issues", installation: 101, repository: "globex/gadgets" },
        { event: "issues", installation: 42, repository: "acme/widgets" },
      ]);
      expect(sim.deliveries().map((delivery) => delivery.installation_id)).toEqual([101, 42]);
    } finally {
      server.close();
    }
    expect((payloads(sim, sim.repo("hooli", "nucleus")).push({ after: "a".repeat(40) }).installation as { id: number }).id).toBe(103);
    expect((payloads(sim, sim.repo("acme", "widgets")).push({ after: "a".repeat(40) }).installation as { id: number }).id).toBe(42);
  });

  it("an installation added while running takes over its account's repositories; one installation per account", async () => {
    sim.addRepo({ owner: "umbrella", repo: "labs" });
    expect(sim.installationOf("umbrella", "labs")?.id).toBe(42);
    const added = sim.addInstallation({ account: "umbrella" });
    expect(added.id).toBe(104);
    expect(sim.installationOf("umbrella", "labs")?.id).toBe(104);
    expect(() => sim.addInstallation({ account: "Umbrella" })).toThrow(/installed on Umbrella already/);
  });
});

async function tokenFor(installationId: number): Promise<string> {
  const response = await fetch(`${sim.url}/api/v3/app/installations/${installationId}/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${FAKE_JWT}` } });
  return ((await response.json()) as { token: string }).token;
}
