import type { Comment, Issue, PullRequest, RepoState, User } from "./store.js";
import { sha, user } from "./store.js";
import type { HookState } from "./hooks.js";
import type { InstallationRegistry } from "./installations.js";

/** One REST request, matched to its operation in GitHub's description, as a handler sees it. */
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
  /** The app's webhook deliveries and the redeliveries requested. */
  hooks: HookState;
  /** The app's installations (which one covers which repository). */
  installations: InstallationRegistry;
  /** Send the webhook GitHub sends for this change (when the test asked for that event). */
  emit: (event: string, action: string | undefined, fields: Record<string, unknown>) => void;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: RestRequest) => RestResponse;

/** What rendering an object as GitHub's JSON needs (a request, or the simulator outside one). */
export type JsonContext = Pick<RestRequest, "repo" | "baseUrl" | "app">;

export const notFound = (): RestResponse => ({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } });
export const invalid = (message: string, errors: unknown[] = []): RestResponse => ({ status: 422, body: { message, errors, documentation_url: "https://docs.github.com/rest" } });
/** GitHub's 422 with one error of `resource` / `code` (and `field` or `message`). */
export const validationFailed = (error: { resource: string; code: string; field?: string; message?: string }): RestResponse => invalid("Validation Failed", [error]);
export const forbidden = (): RestResponse => ({ status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" } });

export function html(req: JsonContext, path: string): string {
  return `${req.baseUrl.replace(/\/api\/v3$/, "")}/${req.repo?.owner}/${req.repo?.repo}${path}`;
}

export function api(req: JsonContext, path: string): string {
  return `${req.baseUrl}/repos/${req.repo?.owner}/${req.repo?.repo}${path}`;
}

export function appInfo(req: JsonContext) {
  return { id: req.app.id, slug: req.app.slug, name: req.app.slug, node_id: `A_${req.app.id}`, owner: user("acme"), description: null, external_url: "", html_url: "", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z", permissions: {}, events: [] };
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function isPull(issue: Issue): issue is PullRequest {
  return "head" in issue;
}

export function issueJson(req: JsonContext, issue: Issue) {
  return {
    id: Number.parseInt(sha(issue.node_id).slice(0, 8), 16),
    node_id: issue.node_id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    locked: false,
    assignee: null,
    milestone: null,
    labels: issue.labels.map((name) => ({ name, color: req.repo?.labels.get(name)?.color ?? "ededed", description: req.repo?.labels.get(name)?.description ?? null })),
    user: issue.user,
    comments: issue.comments.length,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    html_url: html(req, `/${isPull(issue) ? "pull" : "issues"}/${issue.number}`),
    url: api(req, `/issues/${issue.number}`),
    repository_url: api(req, ""),
    labels_url: api(req, `/issues/${issue.number}/labels{/name}`),
    comments_url: api(req, `/issues/${issue.number}/comments`),
    events_url: api(req, `/issues/${issue.number}/events`),
    performed_via_github_app: issue.viaApp ? appInfo(req) : null,
    author_association: "NONE",
    // GitHub lists pull requests among issues, marked by this field.
    ...(isPull(issue)
      ? { pull_request: { url: api(req, `/pulls/${issue.number}`), html_url: html(req, `/pull/${issue.number}`), diff_url: html(req, `/pull/${issue.number}.diff`), patch_url: html(req, `/pull/${issue.number}.patch`), merged_at: issue.merged_at } }
      : {}),
  };
}

export function commentJson(req: RestRequest, issue: Issue, comment: Comment) {
  return {
    id: comment.id,
    node_id: comment.node_id,
    body: comment.body,
    user: comment.user,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    url: api(req, `/issues/comments/${comment.id}`),
    html_url: html(req, `/issues/${issue.number}#issuecomment-${comment.id}`),
    issue_url: api(req, `/issues/${issue.number}`),
    author_association: "NONE",
  };
}

/** `per_page` as GitHub reads it: default 30, at most 100. */
export function perPage(req: RestRequest): number {
  return Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30)));
}

/** GitHub-style page pagination: slice plus a `Link` header with next/last and first/prev. */
export function paginate<T>(req: RestRequest, path: string, items: T[]): RestResponse {
  const size = perPage(req);
  const page = Math.max(1, Number(req.query.get("page") ?? 1));
  const last = Math.max(1, Math.ceil(items.length / size));
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.set("page", String(p));
    query.set("per_page", String(size));
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
  return { status: 200, body: items.slice((page - 1) * size, page * size), ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}

/**
 * GitHub-style cursor pagination (no `page`, no `last`): the page after the item named by the
 * `after` cursor (or before the one named by `before`), with `Link` rel="next" / rel="prev" URLs
 * carrying the cursors. `key` names an item; `encode` / `decode` turn keys into opaque cursors.
 * An unreadable cursor is a 400, as on GitHub.
 */
export function cursorPaginate<T>(
  req: RestRequest,
  path: string,
  items: T[],
  options: { key: (item: T) => string; encode: (key: string) => string; decode: (cursor: string) => string | undefined; afterParam: string; beforeParam?: string },
): RestResponse {
  const size = perPage(req);
  const after = req.query.get(options.afterParam);
  const before = options.beforeParam ? req.query.get(options.beforeParam) : null;
  const locate = (cursor: string): number | undefined => {
    const key = options.decode(cursor);
    const index = key === undefined ? -1 : items.findIndex((item) => options.key(item) === key);
    return index < 0 ? undefined : index;
  };
  let start = 0;
  let end = Math.min(items.length, size);
  if (after) {
    const index = locate(after);
    if (index === undefined) return { status: 400, body: { message: "Bad Request: invalid cursor", documentation_url: "https://docs.github.com/rest" } };
    start = index + 1;
    end = Math.min(items.length, start + size);
  } else if (before) {
    const index = locate(before);
    if (index === undefined) return { status: 400, body: { message: "Bad Request: invalid cursor", documentation_url: "https://docs.github.com/rest" } };
    end = index;
    start = Math.max(0, end - size);
  }
  const page = items.slice(start, end);
  const links: string[] = [];
  const link = (param: string, key: string, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.delete(options.afterParam);
    if (options.beforeParam) query.delete(options.beforeParam);
    query.set("per_page", String(size));
    query.set(param, options.encode(key));
    links.push(`<${req.baseUrl}${path}?${query.toString()}>; rel="${rel}"`);
  };
  if (end < items.length && page.length > 0) link(options.afterParam, options.key(page[page.length - 1]!), "next");
  if (options.beforeParam && start > 0 && page.length > 0) link(options.beforeParam, options.key(page[0]!), "prev");
  return { status: 200, body: page, ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}
