import { api, cursorPaginate, forbidden, html, invalid, notFound, str, type Handler, type RestRequest, type RestResponse } from "./rest-common.js";
import { ghsaId, now, type Advisory, type AdvisoryVulnerability, type RepoState } from "./store.js";

/** An advisory as GitHub's API shows it (every field its description requires). */
export function advisoryJson(req: RestRequest, advisory: Advisory) {
  return {
    ghsa_id: advisory.ghsa_id,
    cve_id: advisory.cve_id,
    url: api(req, `/security-advisories/${advisory.ghsa_id}`),
    html_url: html(req, `/security/advisories/${advisory.ghsa_id}`),
    summary: advisory.summary,
    description: advisory.description,
    severity: advisory.severity,
    author: advisory.author,
    publisher: advisory.state === "published" ? advisory.author : null,
    identifiers: [{ type: "GHSA", value: advisory.ghsa_id }, ...(advisory.cve_id ? [{ type: "CVE", value: advisory.cve_id }] : [])],
    state: advisory.state,
    created_at: advisory.created_at,
    updated_at: advisory.updated_at,
    published_at: advisory.published_at,
    closed_at: advisory.closed_at,
    withdrawn_at: null,
    submission: null,
    vulnerabilities: advisory.vulnerabilities.map((vulnerability) => ({
      package: { ecosystem: vulnerability.package.ecosystem, name: vulnerability.package.name ?? null },
      vulnerable_version_range: vulnerability.vulnerable_version_range ?? null,
      patched_versions: vulnerability.patched_versions ?? null,
      vulnerable_functions: vulnerability.vulnerable_functions ?? [],
    })),
    cvss: advisory.cvss_vector_string ? { vector_string: advisory.cvss_vector_string, score: null } : null,
    cwes: advisory.cwe_ids.map((cwe_id) => ({ cwe_id, name: cwe_id })),
    cwe_ids: advisory.cwe_ids,
    credits: [],
    credits_detailed: [],
    collaborating_users: [],
    collaborating_teams: [],
    private_fork: null,
  };
}

/** 403 without the app permission, 404 where advisories are not available; undefined when usable. */
function refused(repo: RepoState): RestResponse | undefined {
  if (repo.advisoryMode === "forbidden") return forbidden();
  if (repo.advisoryMode === "unavailable") return notFound();
  return undefined;
}

function findAdvisory(req: RestRequest): Advisory | undefined {
  return req.repo?.advisories.find((advisory) => advisory.ghsa_id.toLowerCase() === (req.params.ghsa_id ?? "").toLowerCase());
}

/** State changes GitHub allows (anything else: "Invalid state transition from `a` to `b`."). */
const TRANSITIONS: Record<Advisory["state"], Array<Advisory["state"]>> = {
  triage: ["draft", "closed"],
  draft: ["published", "closed"],
  closed: ["draft"],
  published: [],
};

// GitHub's cursors are opaque base64 strings of "cursor:v2:…" (they start "Y3Vyc29yOnYy").
const encodeCursor = (ghsa: string) => Buffer.from(`cursor:v2:${ghsa}`).toString("base64");
const decodeCursor = (cursor: string) => {
  const text = Buffer.from(cursor, "base64").toString("utf8");
  return text.startsWith("cursor:v2:") ? text.slice("cursor:v2:".length) : undefined;
};

export const ADVISORY_HANDLERS: Record<string, Handler> = {
  "security-advisories/list-repository-advisories": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const refusal = refused(repo);
    if (refusal) return refusal;
    const state = req.query.get("state");
    const sort = (req.query.get("sort") ?? "created") as "created" | "updated" | "published";
    const field = ({ created: "created_at", updated: "updated_at", published: "published_at" } as const)[sort];
    const sign = req.query.get("direction") === "asc" ? 1 : -1;
    const advisories = repo.advisories
      .map((advisory, index) => ({ advisory, index }))
      .filter(({ advisory }) => !state || advisory.state === state)
      .sort((a, b) => sign * (String(a.advisory[field] ?? "").localeCompare(String(b.advisory[field] ?? "")) || a.index - b.index))
      .map(({ advisory }) => advisoryJson(req, advisory));
    return cursorPaginate(req, `/repos/${repo.owner}/${repo.repo}/security-advisories`, advisories, {
      key: (advisory) => advisory.ghsa_id,
      encode: encodeCursor,
      decode: decodeCursor,
      afterParam: "after",
      beforeParam: "before",
    });
  },

  "security-advisories/create-repository-advisory": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const refusal = refused(repo);
    if (refusal) return refusal;
    if (req.body.severity !== undefined && req.body.severity !== null && req.body.cvss_vector_string) return invalid("Cannot specify both severity and cvss_vector_string");
    const at = now();
    const advisory: Advisory = {
      ghsa_id: ghsaId(),
      cve_id: str(req.body.cve_id) ?? null,
      summary: String(req.body.summary),
      description: String(req.body.description),
      severity: str(req.body.severity) ?? null,
      cvss_vector_string: str(req.body.cvss_vector_string) ?? null,
      state: "draft",
      vulnerabilities: (req.body.vulnerabilities as AdvisoryVulnerability[] | undefined) ?? [],
      cwe_ids: (req.body.cwe_ids as string[] | undefined) ?? [],
      author: req.actor,
      created_at: at,
      updated_at: at,
      published_at: null,
      closed_at: null,
    };
    repo.advisories.push(advisory);
    return { status: 201, body: advisoryJson(req, advisory) };
  },

  "security-advisories/get-repository-advisory": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const refusal = refused(repo);
    if (refusal) return refusal;
    const advisory = findAdvisory(req);
    return advisory ? { status: 200, body: advisoryJson(req, advisory) } : notFound();
  },

  "security-advisories/update-repository-advisory": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const refusal = refused(repo);
    if (refusal) return refusal;
    const advisory = findAdvisory(req);
    if (!advisory) return notFound();
    const body = req.body;
    const severity = body.severity === undefined ? undefined : (body.severity as string | null);
    const cvss = body.cvss_vector_string === undefined ? advisory.cvss_vector_string : (body.cvss_vector_string as string | null);
    if (severity && body.cvss_vector_string) return invalid("Cannot specify both severity and cvss_vector_string");
    if (severity && cvss) return invalid("Cannot update severity value when CVSS is set.");
    // A PATCH replaces the whole list: sending [] would leave the advisory without a product.
    if (Array.isArray(body.vulnerabilities) && body.vulnerabilities.length === 0) return invalid("Advisory must have at least one vulnerability");
    const state = str(body.state) as Advisory["state"] | undefined;
    if (state !== undefined && state !== advisory.state && !TRANSITIONS[advisory.state].includes(state)) {
      return invalid(`Invalid state transition from \`${advisory.state}\` to \`${state}\`.`);
    }

    const at = now();
    if (str(body.summary) !== undefined) advisory.summary = String(body.summary);
    if (str(body.description) !== undefined) advisory.description = String(body.description);
    if (body.cve_id !== undefined) advisory.cve_id = (body.cve_id as string | null) ?? null;
    if (severity !== undefined) advisory.severity = severity;
    advisory.cvss_vector_string = cvss;
    if (Array.isArray(body.vulnerabilities)) advisory.vulnerabilities = body.vulnerabilities as AdvisoryVulnerability[];
    if (Array.isArray(body.cwe_ids)) advisory.cwe_ids = body.cwe_ids as string[];
    if (state !== undefined && state !== advisory.state) {
      advisory.state = state;
      if (state === "published") advisory.published_at = at;
      if (state === "closed") advisory.closed_at = at;
      if (state === "draft") advisory.closed_at = null;
    }
    advisory.updated_at = at;
    return { status: 200, body: advisoryJson(req, advisory) };
  },
};
