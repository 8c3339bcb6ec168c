import { generateKeyPairSync } from "node:crypto";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearConditionalCache } from "../../../src/github/conditional-requests.js";
import { AnvilOctokit, throttlePerInstallation } from "../../../src/runtime/octokit-plugins.js";
import { githubApi, sent, setupNock, teardownNock } from "../../helpers/probot.js";

const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function client() {
  return new AnvilOctokit({ auth: { token: "ghs_test" }, log: quiet, retry: { enabled: false }, throttle: { enabled: false } });
}

beforeEach(() => {
  setupNock();
  clearConditionalCache();
});
afterEach(() => teardownNock());

describe("Anvil's Octokit class (plugins composed once)", () => {
  it("waits out a secondary rate limit: one try and two retries, not more (the retry is applied once)", async () => {
    githubApi().post("/repos/o/r/check-runs").times(3).reply(403, SECONDARY, { "retry-after": "0" });
    await expect(client().request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo: "r", name: "x", head_sha: "a" })).rejects.toMatchObject({ status: 403 });
    expect(sent.filter((request) => request.path === "/repos/o/r/check-runs")).toHaveLength(3);
  });

  it("a retried request succeeds", async () => {
    githubApi().post("/repos/o/r/check-runs").reply(403, SECONDARY, { "retry-after": "0" }).post("/repos/o/r/check-runs").reply(201, { id: 9 });
    const response = await client().request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo: "r", name: "x", head_sha: "a" });
    expect(response.data).toEqual({ id: 9 });
  });

  it("asks for repository contents conditionally and serves a 304 from the cache, across clients", async () => {
    const asked: (string | undefined)[] = [];
    githubApi()
      .get("/repos/o/r/contents/a.yml").reply(function () {
        asked.push(this.req.headers["if-none-match"] as string | undefined);
        return [200, { content: "first" }, { etag: '"v1"' }];
      })
      .get("/repos/o/r/contents/a.yml").reply(function () {
        asked.push(this.req.headers["if-none-match"] as string | undefined);
        return [304, ""];
      });
    const first = await client().request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "o", repo: "r", path: "a.yml" });
    const second = await client().request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "o", repo: "r", path: "a.yml" });
    expect(asked).toEqual([undefined, '"v1"']);
    expect(second.data).toEqual(first.data);
  });

  it("other requests are not conditional", async () => {
    const asked: (string | undefined)[] = [];
    githubApi().get("/repos/o/r/issues").times(2).reply(function () {
      asked.push(this.req.headers["if-none-match"] as string | undefined);
      return [200, [], { etag: '"i1"' }];
    });
    await client().request("GET /repos/{owner}/{repo}/issues", { owner: "o", repo: "r" });
    await client().request("GET /repos/{owner}/{repo}/issues", { owner: "o", repo: "r" });
    expect(asked).toEqual([undefined, undefined]);
  });
});

describe("Probot's throttling, per installation", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

  it("a webhook's client (context.octokit) is throttled under its installation's id; the app's own client keeps the shared limiter", async () => {
    // What plugin-throttling reads when a client is built: its `throttle` options (`id` names the limiter).
    const built: Array<{ installationId: unknown; throttleId: unknown }> = [];
    const Recording = AnvilOctokit.plugin((_octokit, options) => {
      const { auth, throttle } = options as { auth?: { installationId?: unknown }; throttle?: { id?: unknown } };
      built.push({ installationId: auth?.installationId, throttleId: throttle?.id });
      return {};
    });
    const probot = new Probot({ appId: 1, privateKey, Octokit: Recording });
    const handled: number[] = [];
    probot.on("push", async (context) => {
      handled.push(context.payload.installation?.id ?? 0);
    });
    for (const installation of [7, 8, 7]) await probot.receive({ id: `d${installation}`, name: "push", payload: { installation: { id: installation }, repository: { id: 1 } } as never });
    expect(handled).toEqual([7, 8, 7]);
    expect(built).toEqual([
      { installationId: undefined, throttleId: undefined }, // the app's JWT client
      { installationId: 7, throttleId: "7" },
      { installationId: 8, throttleId: "8" },
      { installationId: 7, throttleId: "7" },
    ]);
  });

  it("leaves a client without an installation, or with throttling off, as it is", () => {
    expect(throttlePerInstallation({ auth: { token: "t" }, throttle: { enabled: true } })).toEqual({ auth: { token: "t" }, throttle: { enabled: true } });
    expect(throttlePerInstallation({ auth: { installationId: 3 }, throttle: { enabled: false } })).toEqual({ auth: { installationId: 3 }, throttle: { enabled: false } });
    expect(throttlePerInstallation({ auth: { installationId: 3 }, throttle: { enabled: true, id: "no-id" } })).toEqual({ auth: { installationId: 3 }, throttle: { enabled: true, id: "3" } });
  });
});
