import { drainBackgroundWork } from "../../src/runtime/background-work.js";
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import anvil from "../../src/index.js";
import { AnvilOctokit } from "../../src/runtime/octokit-plugins.js";
import { clearConditionalCache } from "../../src/github/conditional-requests.js";
import { configureMarkerSigning, markerCodec, type MarkerCodec } from "../../src/markers/codec.js";

/** The key the test app signs its hidden markers with (production derives it from WEBHOOK_SECRET). */
export const MARKER_SECRET = "test-marker-secret";
configureMarkerSigning(MARKER_SECRET);

/** `Codertocat/Hello-World`, the repository of most `@octokit/webhooks-examples` payloads. */
export const FIXTURE_REPOSITORY_ID = 186853002;

/** Markers as Anvil signs them for a repository (by default the fixtures' repository). */
export function markersFor(repositoryId: number = FIXTURE_REPOSITORY_ID): MarkerCodec {
  return markerCodec(String(repositoryId));
}

/** One RSA key for every test Probot: any key works, GitHub is mocked. */
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export const APP_ID = 123;
export const APP_SLUG = "anvil";
export const BOT_LOGIN = `${APP_SLUG}[bot]`;
export const INSTALLATION_ID = 2;
export const API = "https://api.github.com";

/**
 * A Probot with Anvil loaded, retries and throttling off (the FUNCTION form of `defaults`: the
 * object form leaves throttling on), talking to nock.
 */
/**
 * The listing a full release's `published` or `released` makes to find the rollback incidents it
 * resolves (issue 11): Anvil's issues labelled `incident` (the default label).
 */
export const isIncidentListing = (query: Record<string, unknown>): boolean => query.labels === "incident";

export function createTestProbot(options: { load?: boolean; secret?: string } = {}): Probot {
  clearConditionalCache();
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    ...(options.secret ? { secret: options.secret } : {}),
    // Anvil's Octokit class (its plugins), as `npm start` runs it.
    Octokit: AnvilOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  if (options.load !== false) void probot.load(anvil);
  // Anvil acknowledges a webhook before its GitHub work is done; tests assert on the finished work.
  const receive = probot.receive.bind(probot);
  probot.receive = async (event) => {
    await receive(event);
    await drainBackgroundWork();
  };
  return probot;
}

export interface SentRequest {
  method: string;
  /** Path without the query string, percent-decoded (`/repos/o/r/git/refs/tags/v1`). */
  path: string;
  query: string;
  body: unknown;
}

/** Every request the app sent to a scope made by `githubApi()`, in order. Reset by `setupNock`. */
export const sent: SentRequest[] = [];

/** Requests that change something (everything but GETs and the installation-token exchange). */
export function sentWrites(): SentRequest[] {
  return sent.filter((request) => request.method !== "GET" && !request.path.endsWith("/access_tokens"));
}

/** A nock scope for api.github.com that records what it receives into `sent`. */
export function githubApi(): nock.Scope {
  const scope = nock(API);
  scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body?: string) => {
    const [path = "", query = ""] = req.path.split("?");
    let parsed: unknown = body;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      // not JSON: keep the raw text
    }
    sent.push({ method: req.method, path: decodeURIComponent(path), query, body: parsed });
  });
  return scope;
}

/** The calls every event may make first: the installation token and the app's identity. */
export function mockAuth(scope: nock.Scope = githubApi()): nock.Scope {
  return scope
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .optionally()
    .reply(201, { token: "ghs_test", permissions: { issues: "write" } })
    .get("/app")
    .optionally()
    .reply(200, { id: APP_ID, slug: APP_SLUG, name: "Anvil", owner: { login: "acme" } });
}

/** Config lookups: the repository's `.github/anvil.yml` (YAML text, or 404 when undefined), the org's absent. */
export function mockConfig(scope: nock.Scope, owner: string, repo: string, yaml?: string, orgYaml?: string): nock.Scope {
  const repoFile = scope.get(`/repos/${owner}/${repo}/contents/${encodeURIComponent(".github/anvil.yml")}`);
  if (yaml === undefined) repoFile.reply(404, { message: "Not Found" });
  else repoFile.reply(200, yaml, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" });
  // Optional: a repository file that fails to parse stops the loader before the org file is read.
  const orgFile = scope.get(`/repos/${owner}/.github/contents/${encodeURIComponent(".github/anvil.yml")}`).optionally();
  if (orgYaml === undefined) orgFile.reply(404, { message: "Not Found" });
  else orgFile.reply(200, orgYaml, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" });
  return scope;
}

/**
 * Requests no interceptor matched. nock answers them with an error, which Anvil's background work
 * only logs; collecting them here makes an unexpected request fail the test that caused it.
 */
const unexpected: string[] = [];
type Unmatched = { method?: string; path?: string; hostname?: string; options?: { method?: string; path?: string; hostname?: string; host?: string } };
nock.emitter.on("no match", (request: Unmatched) => {
  const host = request.hostname ?? request.options?.hostname ?? request.options?.host ?? "";
  if (/^(127\.0\.0\.1|localhost)(:|$)/.test(host)) return; // local servers the test started itself
  unexpected.push(`${request.method ?? request.options?.method ?? "?"} ${host}${request.path ?? request.options?.path ?? "?"}`);
});

export function setupNock(): void {
  sent.length = 0;
  unexpected.length = 0;
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

/** Fails when a mocked request was never sent, or when a request was sent that nothing expected. */
export function teardownNock(): void {
  const pending = nock.pendingMocks();
  const stray = [...unexpected];
  unexpected.length = 0;
  nock.cleanAll();
  nock.enableNetConnect();
  if (stray.length > 0) throw new Error(`Unexpected requests were sent (no interceptor matched):\n${stray.join("\n")}`);
  if (pending.length > 0) throw new Error(`Expected requests were not sent:\n${pending.join("\n")}`);
}
