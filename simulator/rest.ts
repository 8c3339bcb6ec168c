import { createHash } from "node:crypto";
import { nextId, now, sha, user, type Comment, type Issue, type Release, type RepoState, type User } from "./store.js";

export interface RestRequest {
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** Who the token belongs to: the app's bot for installation tokens. */
  actor: User;
  repo: RepoState | undefined;
  baseUrl: string;
  app: { id: number; slug: string; installationId: number };
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const notFound = (): RestResponse => ({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } });
const invalid = (message: string, errors: unknown[] = []): RestResponse => ({ status: 422, body: { message, errors, documentation_url: "https://docs.github.com/rest" } });

function html(req: RestRequest, path: string): string {
  return `${req.baseUrl.replace(/\/api\/v3$/, "")}/${req.repo?.owner}/${req.repo?.repo}${path}`;
}

function api(req: RestRequest, path: string): string {
  return `${req.baseUrl}/repos/${req.repo?.owner}/${req.repo?.repo}${path}`;
}

function appInfo(req: RestRequest) {
  return { id: req.app.id, slug: req.app.slug, name: req.app.slug, node_id: `A_${req.app.id}`, owner: user("acme") };
}

function issueJson(req: RestRequest, issue: Issue) {
  return {
    id: Number.parseInt(sha(issue.node_id).slice(0, 8), 16),
    node_id: issue.node_id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    locked: false,
    labels: issue.labels.map((name) => ({ name, color: req.repo?.labels.get(name)?.color ?? "ededed", description: req.repo?.labels.get(name)?.description ?? null })),
    user: issue.user,
    comments: issue.comments.length,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    html_url: html(req, `/issues/${issue.number}`),
    url: api(req, `/issues/${issue.number}`),
    performed_via_github_app: issue.viaApp ? appInfo(req) : null,
    author_association: "NONE",
  };
}

function commentJson(req: RestRequest, issue: Issue, comment: Comment) {
  return {
    id: comment.id,
    node_id: comment.node_id,
    body: comment.body,
    user: comment.user,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    html_url: html(req, `/issues/${issue.number}#issuecomment-${comment.id}`),
    issue_url: api(req, `/issues/${issue.number}`),
    author_association: "NONE",
  };
}

function releaseJson(req: RestRequest, release: Release) {
  return {
    ...release,
    url: api(req, `/releases/${release.id}`),
    html_url: html(req, `/releases/tag/${release.tag_name}`),
    assets: release.assets.map((asset) => ({ ...asset, browser_download_url: html(req, `/releases/download/${release.tag_name}/${asset.name}`), state: "uploaded", content_type: "application/octet-stream" })),
  };
}

/** GitHub-style pagination: slice plus a `Link` header with next/last. */
function paginate<T>(req: RestRequest, path: string, items: T[]): RestResponse {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30)));
  const page = Math.max(1, Number(req.query.get("page") ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.set("page", String(p));
    query.set("per_page", String(perPage));
    links.push(`<${req.baseUrl}${path}?${query.toString()}>; rel="${rel}"`);
  };
  if (page < last) {
    link(page + 1, "next");
    link(last, "last");
  }
  if (page > 1) {
    link(1, "first");
    link(page - 1, "prev");
  }
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}

function findIssue(req: RestRequest): Issue | undefined {
  return req.repo?.issues.get(Number(req.params.issue_number));
}

function findComment(req: RestRequest): { issue: Issue; comment: Comment } | undefined {
  for (const issue of req.repo?.issues.values() ?? []) {
    const comment = issue.comments.find((candidate) => candidate.id === Number(req.params.comment_id));
    if (comment) return { issue, comment };
  }
  return undefined;
}

function ensureLabels(repo: RepoState, names: string[]): void {
  for (const name of names) if (!repo.labels.has(name)) repo.labels.set(name, { name, color: "ededed", description: null });
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

const ROLE_TO_PERMISSION: Record<string, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };

export const HANDLERS: Record<string, (req: RestRequest) => RestResponse> = {
  "apps/get-authenticated": (req) => ({ status: 200, body: appInfo(req) }),

  "apps/create-installation-access-token": (req) =>
    Number(req.params.installation_id) === req.app.installationId
      ? { status: 201, body: { token: `ghs_${sha(String(Math.random())).slice(0, 36)}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { issues: "write", checks: "write", contents: "write" }, repository_selection: "all" } }
      : notFound(),

  "repos/get": (req) => (req.repo ? { status: 200, body: { id: req.repo.id, name: req.repo.repo, full_name: `${req.repo.owner}/${req.repo.repo}`, default_branch: req.repo.defaultBranch, owner: user(req.repo.owner) } } : notFound()),

  "repos/get-content": (req) => {
    const content = req.repo?.files.get(req.params.path ?? "");
    if (content === undefined) return notFound();
    const etag = `"${createHash("sha1").update(content).digest("hex")}"`;
    if (req.headers["if-none-match"] === etag) return { status: 304, headers: { etag } };
    const raw = String(req.headers.accept ?? "").includes("raw");
    return raw
      ? { status: 200, body: content, headers: { etag, "content-type": "application/vnd.github.raw; charset=utf-8" } }
      : { status: 200, body: { type: "file", encoding: "base64", path: req.params.path, name: req.params.path?.split("/").pop(), sha: etag.slice(1, -1), size: content.length, content: Buffer.from(content).toString("base64") }, headers: { etag } };
  },

  "issues/list-for-repo": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const state = req.query.get("state") ?? "open";
    const creator = req.query.get("creator");
    const labels = (req.query.get("labels") ?? "").split(",").filter(Boolean);
    const direction = req.query.get("direction") ?? "desc";
    const issues = [...repo.issues.values()]
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => !creator || issue.user.login === creator)
      .filter((issue) => labels.every((label) => issue.labels.includes(label)))
      .sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number))
      .map((issue) => issueJson(req, issue));
    return paginate(req, `/repos/${repo.owner}/${repo.repo}/issues`, issues);
  },

  "issues/create": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const labels = ((req.body.labels as unknown[]) ?? []).map((label) => (typeof label === "string" ? label : String((label as { name?: string }).name)));
    ensureLabels(repo, labels); // GitHub creates labels that do not exist yet
    const number = repo.nextNumber++;
    const issue: Issue = {
      number,
      node_id: `I_${repo.repo}_${number}`,
      title: String(req.body.title),
      body: str(req.body.body) ?? "",
      state: "open",
      state_reason: null,
      labels,
      user: req.actor,
      viaApp: req.actor.type === "Bot",
      comments: [],
      pinned: false,
      created_at: now(),
      updated_at: now(),
      closed_at: null,
    };
    repo.issues.set(number, issue);
    return { status: 201, body: issueJson(req, issue) };
  },

  "issues/get": (req) => {
    const issue = findIssue(req);
    return issue ? { status: 200, body: issueJson(req, issue) } : notFound();
  },

  "issues/update": (req) => {
    const issue = findIssue(req);
    if (!issue) return notFound();
    if (str(req.body.title) !== undefined) issue.title = String(req.body.title);
    if (req.body.body !== undefined) issue.body = str(req.body.body) ?? "";
    if (req.body.state === "closed" && issue.state === "open") {
      issue.state = "closed";
      issue.closed_at = now();
      issue.state_reason = str(req.body.state_reason) ?? "completed";
    } else if (req.body.state === "open" && issue.state === "closed") {
      issue.state = "open";
      issue.closed_at = null;
      issue.state_reason = "reopened";
    }
    if (Array.isArray(req.body.labels) && req.repo) {
      issue.labels = req.body.labels.map(String);
      ensureLabels(req.repo, issue.labels);
    }
    issue.updated_at = now();
    return { status: 200, body: issueJson(req, issue) };
  },

  "issues/list-comments": (req) => {
    const issue = findIssue(req);
    if (!issue || !req.repo) return notFound();
    return paginate(req, `/repos/${req.repo.owner}/${req.repo.repo}/issues/${issue.number}/comments`, issue.comments.map((comment) => commentJson(req, issue, comment)));
  },

  "issues/create-comment": (req) => {
    const issue = findIssue(req);
    if (!issue) return notFound();
    const comment: Comment = { id: nextId(), node_id: `IC_${Date.now()}`, body: String(req.body.body), user: req.actor, created_at: now(), updated_at: now(), reactions: [] };
    issue.comments.push(comment);
    issue.updated_at = now();
    return { status: 201, body: commentJson(req, issue, comment) };
  },

  "issues/update-comment": (req) => {
    const found = findComment(req);
    if (!found) return notFound();
    found.comment.body = String(req.body.body);
    found.comment.updated_at = now();
    return { status: 200, body: commentJson(req, found.issue, found.comment) };
  },

  "reactions/create-for-issue-comment": (req) => {
    const found = findComment(req);
    if (!found) return notFound();
    const content = String(req.body.content);
    const existing = found.comment.reactions.find((reaction) => reaction.content === content && reaction.user === req.actor.login);
    if (!existing) found.comment.reactions.push({ content, user: req.actor.login });
    return { status: existing ? 200 : 201, body: { id: nextId(), content, user: req.actor, created_at: now() } };
  },

  "issues/create-label": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const name = String(req.body.name);
    if (repo.labels.has(name)) return invalid("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
    const label = { name, color: str(req.body.color) ?? "ededed", description: str(req.body.description) ?? null };
    repo.labels.set(name, label);
    return { status: 201, body: { id: nextId(), ...label, default: false } };
  },

  "repos/get-collaborator-permission-level": (req) => {
    const username = req.params.username ?? "";
    if (!req.repo) return notFound();
    const role = req.repo.collaborators.get(username);
    if (role === undefined) return username.startsWith("ghost") ? notFound() : { status: 200, body: { permission: "none", role_name: "none", user: user(username) } };
    return { status: 200, body: { permission: ROLE_TO_PERMISSION[role] ?? "read", role_name: role, user: user(username) } };
  },

  "repos/list-releases": (req) => {
    if (!req.repo) return notFound();
    const releases = [...req.repo.releases].sort((a, b) => (b.created_at > a.created_at ? 1 : b.created_at < a.created_at ? -1 : b.id - a.id)).map((release) => releaseJson(req, release));
    return paginate(req, `/repos/${req.repo.owner}/${req.repo.repo}/releases`, releases);
  },

  "repos/get-release-by-tag": (req) => {
    const release = req.repo?.releases.find((candidate) => candidate.tag_name === req.params.tag && !candidate.draft);
    return release ? { status: 200, body: releaseJson(req, release) } : notFound();
  },

  "repos/update-release": (req) => {
    const release = req.repo?.releases.find((candidate) => candidate.id === Number(req.params.release_id));
    if (!release) return notFound();
    if (str(req.body.name) !== undefined) release.name = String(req.body.name);
    if (str(req.body.body) !== undefined) release.body = String(req.body.body);
    if (str(req.body.make_latest) !== undefined) release.make_latest = String(req.body.make_latest);
    return { status: 200, body: releaseJson(req, release) };
  },

  "repos/delete-release": (req) => {
    const repo = req.repo;
    const index = repo?.releases.findIndex((candidate) => candidate.id === Number(req.params.release_id)) ?? -1;
    if (!repo || index < 0) return notFound();
    repo.releases.splice(index, 1); // the tag stays, as on GitHub
    return { status: 204 };
  },

  "git/get-ref": (req) => {
    const ref = req.params.ref ?? "";
    const repo = req.repo;
    if (!repo) return notFound();
    const sha = ref.startsWith("tags/") ? repo.tags.get(ref.slice(5)) : ref === `heads/${repo.defaultBranch}` ? repo.headSha : undefined;
    return sha ? { status: 200, body: { ref: `refs/${ref}`, node_id: `REF_${sha}`, url: api(req, `/git/refs/${ref}`), object: { sha, type: "commit", url: api(req, `/git/commits/${sha}`) } } } : notFound();
  },

  "git/delete-ref": (req) => {
    const ref = req.params.ref ?? "";
    const repo = req.repo;
    if (!repo) return notFound();
    if (!ref.startsWith("tags/") || !repo.tags.has(ref.slice(5))) return invalid("Reference does not exist");
    const tag = ref.slice(5);
    if (repo.releases.some((release) => release.tag_name === tag && release.immutable)) return invalid("Cannot delete a tag of an immutable release");
    repo.tags.delete(tag);
    return { status: 204 };
  },

  "git/get-tag": () => notFound(),

  "repos/get-commit": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.params.ref ?? "";
    const sha = repo.tags.get(ref) ?? (ref === repo.defaultBranch ? repo.headSha : /^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
    return sha ? { status: 200, body: { sha, node_id: `C_${sha}`, commit: { message: "commit" }, html_url: html(req, `/commit/${sha}`) } } : invalid(`No commit found for SHA: ${ref}`);
  },

  "checks/create": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const status = str(req.body.status) ?? (req.body.conclusion ? "completed" : "queued");
    const run = {
      id: nextId(),
      name: String(req.body.name),
      head_sha: String(req.body.head_sha),
      status: req.body.conclusion ? "completed" : status,
      conclusion: str(req.body.conclusion) ?? null,
      output: (req.body.output as Record<string, string> | undefined) ?? {},
      details_url: str(req.body.details_url) ?? null,
      started_at: now(),
      completed_at: req.body.conclusion || status === "completed" ? now() : null,
    };
    repo.checkRuns.push(run);
    return { status: 201, body: { ...run, app: appInfo(req), html_url: html(req, `/runs/${run.id}`) } };
  },

  "checks/update": (req) => {
    const run = req.repo?.checkRuns.find((candidate) => candidate.id === Number(req.params.check_run_id));
    if (!run) return notFound();
    if (req.body.status) run.status = String(req.body.status);
    if (req.body.conclusion) {
      run.conclusion = String(req.body.conclusion);
      run.status = "completed";
      run.completed_at = now();
    }
    if (req.body.output) run.output = req.body.output as Record<string, string>;
    return { status: 200, body: { ...run, app: appInfo(req) } };
  },

  "checks/list-for-ref": (req) => {
    const runs = (req.repo?.checkRuns ?? []).filter((run) => run.head_sha === req.params.ref && (!req.query.get("check_name") || run.name === req.query.get("check_name")));
    return { status: 200, body: { total_count: runs.length, check_runs: runs } };
  },

  "security-advisories/list-repository-advisories": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    if (repo.advisoryMode === "forbidden") return { status: 403, body: { message: "Resource not accessible by integration" } };
    if (repo.advisoryMode === "unavailable") return notFound();
    return { status: 200, body: repo.advisories.map((advisory) => ({ ...advisory, html_url: html(req, `/security/advisories/${advisory.ghsa_id}`) })) };
  },

  "security-advisories/create-repository-advisory": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    if (repo.advisoryMode === "forbidden") return { status: 403, body: { message: "Resource not accessible by integration" } };
    if (repo.advisoryMode === "unavailable") return notFound();
    if (req.body.severity !== undefined && req.body.severity !== null && req.body.cvss_vector_string) return invalid("Cannot specify both severity and cvss_vector_string");
    const advisory = {
      ghsa_id: `GHSA-${sha(String(nextId())).slice(0, 4)}-${sha(String(nextId())).slice(0, 4)}-${sha(String(nextId())).slice(0, 4)}`,
      summary: String(req.body.summary),
      description: String(req.body.description),
      severity: str(req.body.severity) ?? null,
      state: "draft" as const,
      vulnerabilities: (req.body.vulnerabilities as unknown[]) ?? [],
      created_at: now(),
    };
    repo.advisories.push(advisory);
    return { status: 201, body: { ...advisory, html_url: html(req, `/security/advisories/${advisory.ghsa_id}`) } };
  },
};
