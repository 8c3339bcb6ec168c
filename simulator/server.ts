import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkGraphql, checkRest, missingResponseFields } from "./fidelity.js";
import { randomUUID } from "node:crypto";
import { createHookState, recordDelivery, sendDelivery, type Delivery, type DeliverySeed, type RedeliveryAttempt, type WebhookTarget } from "./hooks.js";
import { webhookPayload } from "./webhooks.js";
import { executeGraphql } from "./graphql-api.js";
import { HANDLERS, type RestResponse } from "./rest.js";
import { issueJson } from "./rest-common.js";
import { createRepo, user, type RepoSeed, type RepoState, type SimulatorSeed } from "./store.js";
import { createInstallations, type Installation, type InstallationSeed } from "./installations.js";

export interface RecordedRequest {
  method: string;
  /** Path under `/api/v3` (REST) or `/api/graphql`, without the query string, percent-decoded. */
  path: string;
  query: string;
  body: unknown;
  status: number;
  operationId?: string;
  /** GraphQL operation name (e.g. `AnvilPinIssue`). */
  graphqlOperation?: string;
  /** Epoch milliseconds when the response was sent. */
  at: number;
}

export interface Fault {
  method?: string;
  path: RegExp | string;
  /** How many matching requests fail (default 1). */
  times?: number;
  status?: number;
  retryAfter?: number;
  message?: string;
  /** Respond normally but this much later. */
  delayMs?: number;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:4567 — use `host` for GHE_HOST. */
  url: string;
  host: string;
  /** `installationId`: the default installation (see `installations`). */
  app: { id: number; slug: string; installationId: number; botLogin: string };
  addRepo(seed: RepoSeed): RepoState;
  /**
   * Install the app on another account (its repositories then belong to that installation, with
   * a token of their own; webhooks about them carry its id). Without any, the default
   * installation covers every repository.
   */
  addInstallation(seed: InstallationSeed): Installation;
  /** Every installation, the default one first (by id). */
  installations(): Installation[];
  /** The installation covering `owner/repo` (undefined: the repository was not selected by its account's installation). */
  installationOf(owner: string, repo: string): Installation | undefined;
  repo(owner: string, repo: string): RepoState;
  requests(filter?: { method?: string; path?: RegExp | string }): RecordedRequest[];
  clearRequests(): void;
  /** Requests that did not match GitHub's OpenAPI description or GraphQL schema, or that the simulator does not implement. */
  violations(): string[];
  /**
   * Success responses of the simulator lacking a field GitHub's description says is always there
   * (the simulator's own fidelity, per operation: `"repos/get 200: node_id, …"`), once per operation.
   */
  responseGaps(): string[];
  /** A webhook delivery GitHub made to the app (listed by `GET /app/hook/deliveries`, newest first). */
  recordDelivery(delivery: DeliverySeed): Delivery;
  /** Every delivery recorded, oldest first (redeliveries included). */
  deliveries(): Delivery[];
  /** The redeliveries the app requested (`POST /app/hook/deliveries/{id}/attempts`), in order. */
  redeliveries(): RedeliveryAttempt[];
  /** The status code GitHub records for later redelivery attempts (default 200: the app took it). */
  setRedeliveryStatusCode(code: number): void;
  /**
   * Send webhooks to the app for real, signed with `secret`: redeliveries of deliveries recorded
   * with a `payload` (same guid), `deliver(…)`, and with `emit` the events GitHub sends for changes
   * made through the API. Each is logged as a delivery with the app's answer. null stops that.
   */
  setWebhookTarget(target: WebhookTarget | null): void;
  /** Send one webhook to the target as GitHub would (new guid unless given) and log it with the app's answer. */
  deliver(event: string, payload: Record<string, unknown>, options?: { guid?: string }): Promise<Delivery>;
  /** Resolves once every webhook sent so far has been answered. */
  webhooksSettled(): Promise<void>;
  fail(fault: Fault): void;
  /** Drops every fault not yet used up: GitHub answers normally again. */
  clearFaults(): void;
  /** Fixed latency added to every request (benchmarks). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method !== method) return false;
  return typeof fault.path === "string" ? path.includes(fault.path) : fault.path.test(path);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start an in-memory GitHub on a free port of 127.0.0.1. */
export async function startSimulator(seed: SimulatorSeed = { repos: [] }, options: { port?: number } = {}): Promise<Simulator> {
  const app = { id: seed.app?.id ?? 1, slug: seed.app?.slug ?? "anvil", installationId: seed.app?.installationId ?? 42 };
  const botLogin = `${app.slug}[bot]`;
  const repos = new Map<string, RepoState>();
  const recorded: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Array<Fault & { remaining: number }> = [];
  const installations = createInstallations({ id: app.installationId, account: seed.app?.account ?? "acme" }, seed.installations);
  /** Installation token → the installation it was minted for. */
  const tokens = new Map<string, number>();
  /** The installation whose webhooks concern `repo`. */
  const installationIdOf = (repo: RepoState) => installations.of(repo.owner, repo.repo)?.id ?? app.installationId;
  const hooks = createHookState();
  // Webhooks go out one at a time, in the order of the changes, as GitHub queues them.
  let outbox: Promise<unknown> = Promise.resolve();
  const deliver = (event: string, payload: Record<string, unknown>, guid: string = randomUUID()): Promise<Delivery> => {
    const target = hooks.target;
    if (!target) return Promise.reject(new Error("no webhook target: call setWebhookTarget first"));
    const sent = outbox.then(async () => {
      const statusCode = await sendDelivery(target, { guid, event, payload });
      const repository = payload.repository as { id?: number } | undefined;
      const installation = payload.installation as { id?: number } | undefined;
      return recordDelivery(hooks, { guid, event, action: typeof payload.action === "string" ? payload.action : null, statusCode, repositoryId: repository?.id ?? null, payload }, { installationId: installation?.id ?? app.installationId });
    });
    outbox = sent.catch(() => undefined);
    return sent;
  };
  const gaps = new Map<string, string>();
  let latencyMs = 0;
  const key = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();
  const addRepo = (repoSeed: RepoSeed) => {
    const state = createRepo(repoSeed);
    repos.set(key(repoSeed.owner, repoSeed.repo), state);
    return state;
  };
  for (const repoSeed of seed.repos) addRepo(repoSeed);

  let baseUrl = "";
  const send = (res: ServerResponse, record: Omit<RecordedRequest, "status" | "at">, response: RestResponse) => {
    const headers: Record<string, string> = { "x-github-media-type": "github.v3", "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", ...response.headers };
    const payload = response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    if (response.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json; charset=utf-8";
    res.writeHead(response.status, headers);
    res.end(payload);
    recorded.push({ ...record, status: response.status, at: Date.now() });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // GitHub refuses a body that is not JSON: a request it would refuse is a violation.
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3(?=\/)/, ""));
      violations.push(`${method} ${path}${url.search}: request body is not valid JSON`);
      return send(res, { method, path, query: url.search.replace(/^\?/, ""), body: raw }, { status: 400, body: { message: "Problems parsing JSON" } });
    }
    const isGraphql = url.pathname === "/api/graphql";
    const path = isGraphql ? url.pathname : decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ""));
    const record = { method, path, query: url.search.replace(/^\?/, ""), body };
    if (latencyMs > 0) await sleep(latencyMs);

    const fault = faults.find((candidate) => candidate.remaining > 0 && matches(candidate, method, path));
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status) {
        const message = fault.message ?? (fault.status === 403 ? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." : "Simulated failure");
        return send(res, record, { status: fault.status, body: { message }, ...(fault.retryAfter !== undefined ? { headers: { "retry-after": String(fault.retryAfter) } } : {}) });
      }
    }

    const auth = String(req.headers.authorization ?? "");
    const [scheme = "", token = ""] = auth.split(" ");
    const jwt = scheme.toLowerCase() === "bearer" && token.split(".").length === 3;
    const tokenInstallation = tokens.get(token);
    /** Whether the token's installation covers the repository (an installation token is limited to its installation's repositories). */
    const covers = (repo: RepoState) => installations.of(repo.owner, repo.repo)?.id === tokenInstallation;
    if (isGraphql) {
      if (tokenInstallation === undefined) return send(res, record, { status: 401, body: { message: "Bad credentials" } });
      const { query, variables, operationName } = (body ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
      const operation = /(?:query|mutation)\s+(\w+)/.exec(query ?? "")?.[1] ?? operationName;
      const errors = checkGraphql(query ?? "");
      if (errors.length > 0) {
        violations.push(`GraphQL ${operation ?? "(anonymous)"}: ${errors.join("; ")}`);
        return send(res, { ...record, ...(operation ? { graphqlOperation: operation } : {}) }, { status: 200, body: { errors: errors.map((message) => ({ message })) } });
      }
      const result = await executeGraphql(
        query ?? "",
        variables ?? {},
        // Public repositories are readable with any token; nodes are found in the installation's own.
        (owner, name) => {
          const found = repos.get(key(owner, name));
          return found && (covers(found) || !found.private) ? found : undefined;
        },
        () => [...repos.values()].filter(covers),
        (repoState, issue, action) => {
          if (!hooks.target?.emit?.includes("issues")) return;
          const context = { repo: repoState, baseUrl, app };
          void deliver("issues", webhookPayload("issues", action, { repo: repoState, installationId: installationIdOf(repoState), sender: user(botLogin, "Bot"), baseUrl }, { issue: issueJson(context, issue) })).catch(() => undefined);
        },
      );
      return send(res, { ...record, ...(operation ? { graphqlOperation: operation } : {}) }, { status: 200, body: result });
    }

    if (!url.pathname.startsWith("/api/v3/")) {
      violations.push(`${method} ${url.pathname}: not under /api/v3 (GHE_HOST / GHE_PROTOCOL not honoured?)`);
      return send(res, record, { status: 404, body: { message: "Not Found" } });
    }
    const verdict = checkRest(method, url.pathname.replace(/^\/api\/v3/, ""), url.searchParams, body);
    if (!verdict.ok) {
      violations.push(`${method} ${path}${url.search}: ${verdict.message}`);
      return send(res, record, { status: verdict.status, body: { message: verdict.message } });
    }
    const { operation } = verdict;
    // The app's own endpoints (and finding a repository's installation) take the app's JWT, the rest an installation token.
    const appEndpoint = operation.template.startsWith("/app") || operation.operationId === "apps/get-repo-installation";
    if (appEndpoint ? !jwt : tokenInstallation === undefined) return send(res, { ...record, operationId: operation.operationId }, { status: 401, body: { message: "Bad credentials" } });

    const handler = HANDLERS[operation.operationId];
    if (!handler) {
      violations.push(`${method} ${path}: ${operation.operationId} has no handler`);
      return send(res, record, { status: 501, body: { message: `${operation.operationId} is not implemented` } });
    }
    const repoState = operation.params.owner && operation.params.repo ? repos.get(key(operation.params.owner, operation.params.repo)) : undefined;
    // Another installation's repository: private ones do not exist for this token, public ones are read-only.
    if (!appEndpoint && repoState && !covers(repoState)) {
      const read = method === "GET" || method === "HEAD";
      if (repoState.private || !read) {
        violations.push(`${method} ${path}: a token of installation ${tokenInstallation} used on ${repoState.owner}/${repoState.repo}, which that installation does not cover`);
        return send(res, { ...record, operationId: operation.operationId }, repoState.private ? { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } } : { status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" } });
      }
    }
    const response = handler({
      operationId: operation.operationId,
      params: operation.params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      headers: req.headers,
      actor: user(botLogin, "Bot"),
      repo: repoState,
      baseUrl,
      app,
      hooks,
      installations,
      emit: (event, action, fields) => {
        if (!repoState || !hooks.target?.emit?.includes(event)) return;
        void deliver(event, webhookPayload(event, action, { repo: repoState, installationId: installationIdOf(repoState), sender: user(botLogin, "Bot"), baseUrl }, fields)).catch(() => undefined);
      },
    });
    // Raw media types (a string body) are outside the JSON description.
    if (response.status >= 200 && response.status < 300 && typeof response.body !== "string") {
      const missing = missingResponseFields(operation.operationId, response.status, response.body);
      if (missing.length > 0 && !gaps.has(operation.operationId)) gaps.set(operation.operationId, `${operation.operationId} ${response.status}: ${missing.join(", ")}`);
    }
    if (operation.operationId === "apps/create-installation-access-token" && response.status === 201) tokens.set(String((response.body as { token: string }).token), Number(operation.params.installation_id));
    send(res, { ...record, operationId: operation.operationId }, response);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`${req.method} ${req.url}: simulator error ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "simulator error" }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseUrl = `http://${host}/api/v3`;

  return {
    url: `http://${host}`,
    host,
    app: { ...app, botLogin },
    addRepo,
    addInstallation: (installationSeed) => installations.add(installationSeed),
    installations: () => installations.list(),
    installationOf: (owner, repo) => installations.of(owner, repo),
    repo(owner, repo) {
      const state = repos.get(key(owner, repo));
      if (!state) throw new Error(`no repository ${owner}/${repo} in the simulator`);
      return state;
    },
    requests(filter = {}) {
      return recorded.filter((request) => (!filter.method || request.method === filter.method) && (!filter.path || (typeof filter.path === "string" ? request.path === filter.path : filter.path.test(request.path))));
    },
    clearRequests() {
      recorded.length = 0;
    },
    violations: () => [...violations],
    responseGaps: () => [...gaps.values()],
    recordDelivery: (delivery) => recordDelivery(hooks, delivery, { installationId: app.installationId }),
    deliveries: () => [...hooks.deliveries],
    redeliveries: () => [...hooks.attempts],
    setRedeliveryStatusCode(code) {
      hooks.redeliveryStatusCode = code;
    },
    setWebhookTarget(target) {
      if (target) hooks.target = target;
      else delete hooks.target;
    },
    deliver: (event, payload, options = {}) => deliver(event, payload, options.guid),
    webhooksSettled: async () => {
      let settled: Promise<unknown>;
      do {
        settled = outbox;
        await settled;
      } while (settled !== outbox);
    },
    fail(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
