import { startSimulator, type RepoSeed, type Simulator, type SimulatorSeed } from "../../simulator/index.js";

/** A repository most simulator tests start from. */
export const WIDGETS: RepoSeed = {
  owner: "acme",
  repo: "widgets",
  collaborators: { ada: "admin", maya: "maintain", walt: "write", tess: "triage", rita: "read" },
  files: { ".github/anvil.yml": "enabled: true\n", "docs/guide/intro.md": "# Intro\n" },
  releases: [{ tag: "v0.0.9" }, { tag: "v0.1.0", immutable: true }],
  issues: [{ title: "one" }, { title: "two", labels: ["bug"] }, { title: "three" }],
};

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; type?: string }>;
}

export interface Client {
  sim: Simulator;
  token: string;
  /** Fetch a REST path under /api/v3 with the installation token. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null }): Promise<Response>;
  /** POST a GraphQL document to /api/graphql with the installation token. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult>;
}

/** The app's JWT is only checked for its shape (three dot-separated parts). */
export const FAKE_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2lnbmF0dXJl";

export async function installationToken(sim: Simulator): Promise<string> {
  const response = await fetch(`${sim.url}/api/v3/app/installations/${sim.app.installationId}/access_tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${FAKE_JWT}`, accept: "application/vnd.github+json" },
  });
  if (response.status !== 201) throw new Error(`access token request answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Start a simulator, get an installation token and forget that bootstrap request. */
export async function startClient(seed: SimulatorSeed = { repos: [WIDGETS] }): Promise<Client> {
  const sim = await startSimulator(seed);
  const token = await installationToken(sim);
  sim.clearRequests();
  const api: Client["api"] = (path, init = {}) => {
    const headers: Record<string, string> = { accept: "application/vnd.github+json", ...init.headers };
    if (init.token !== null) headers.authorization = `token ${init.token ?? token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    return fetch(`${sim.url}/api/v3${path}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.body !== undefined ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) } : {}),
    });
  };
  const graphql: Client["graphql"] = async (query, variables = {}) => {
    const response = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status !== 200) throw new Error(`GraphQL answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as GraphqlResult;
  };
  return { sim, token, api, graphql };
}

/** Parse a `Link` header into rel → URL. */
export function parseLink(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match) links[match[2]!] = match[1]!;
  }
  return links;
}
