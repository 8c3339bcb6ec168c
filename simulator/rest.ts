import { ADVISORY_HANDLERS } from "./rest-advisories.js";
import { APP_HANDLERS } from "./rest-app.js";
import { api, appInfo, commentJson, html, issueJson, notFound, paginate, str, invalid, type Handler, type RestRequest } from "./rest-common.js";
import { GIT_HANDLERS } from "./rest-git.js";
import { PULL_HANDLERS } from "./rest-pulls.js";
import { RELEASE_HANDLERS } from "./rest-releases.js";
import { branchHead, nextId, now, sha, user, type CheckRun, type Comment, type Issue, type RepoState } from "./store.js";

export type { RestRequest, RestResponse } from "./rest-common.js";

/** An issue or a pull request (the issues API serves both, as on GitHub). */
function findIssue(req: RestRequest): Issue | undefined {
  const number = Number(req.params.issue_number);
  return req.repo?.issues.get(number) ?? req.repo?.pulls.get(number);
}

function findComment(req: RestRequest): { issue: Issue; comment: Comment } | undefined {
  for (const issue of [...(req.repo?.issues.values() ?? []), ...(req.repo?.pulls.values() ?? [])]) {
    const comment = issue.comments.find((candidate) => candidate.id === Number(req.params.comment_id));
    if (comment) return { issue, comment };
  }
  return undefined;
}

function ensureLabels(repo: RepoState, names: string[]): void {
  for (const name of names) if (!repo.labels.has(name)) repo.labels.set(name, { name, color: "ededed", description: null });
}

function labelJson(req: RestRequest, repo: RepoState, name: string) {
  const label = repo.labels.get(name) ?? { name, color: "ededed", description: null };
  return { id: Number.parseInt(sha(`label/${name}`).slice(0, 7), 16), node_id: `LA_${sha(name).slice(0, 10)}`, url: `${req.baseUrl}/repos/${repo.owner}/${repo.repo}/labels/${encodeURIComponent(name)}`, ...label, default: false };
}

/** A repository as `GET /repos/{o}/{r}` describes it. */
function repositoryJson(req: RestRequest, repo: RepoState) {
  const web = html(req, "");
  const url = api(req, "");
  const template = (path: string) => `${url}${path}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.repo,
    full_name: `${repo.owner}/${repo.repo}`,
    owner: user(repo.owner),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: web,
    description: null,
    fork: false,
    url,
    default_branch: repo.defaultBranch,
    ...Object.fromEntries(
      ["archive_url:/{archive_format}{/ref}", "assignees_url:/assignees{/user}", "blobs_url:/git/blobs{/sha}", "branches_url:/branches{/branch}", "collaborators_url:/collaborators{/collaborator}", "comments_url:/comments{/number}", "commits_url:/commits{/sha}", "compare_url:/compare/{base}...{head}", "contents_url:/contents/{+path}", "contributors_url:/contributors", "deployments_url:/deployments", "downloads_url:/downloads", "events_url:/events", "forks_url:/forks", "git_commits_url:/git/commits{/sha}", "git_refs_url:/git/refs{/sha}", "git_tags_url:/git/tags{/sha}", "hooks_url:/hooks", "issue_comment_url:/issues/comments{/number}", "issue_events_url:/issues/events{/number}", "issues_url:/issues{/number}", "keys_url:/keys{/key_id}", "labels_url:/labels{/name}", "languages_url:/languages", "merges_url:/merges", "milestones_url:/milestones{/number}", "notifications_url:/notifications{?since,all,participating}", "pulls_url:/pulls{/number}", "releases_url:/releases{/id}", "stargazers_url:/stargazers", "statuses_url:/statuses/{sha}", "subscribers_url:/subscribers", "subscription_url:/subscription", "tags_url:/tags", "teams_url:/teams", "trees_url:/git/trees{/sha}"].map((entry) => {
        const [key, path] = entry.split(":") as [string, string];
        return [key, template(path)];
      }),
    ),
    clone_url: `${web}.git`,
    git_url: `${web.replace(/^https?/, "git")}.git`,
    ssh_url: `git@${new URL(web).host}:${repo.owner}/${repo.repo}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    open_issues: [...repo.issues.values(), ...repo.pulls.values()].filter((issue) => issue.state === "open").length,
    open_issues_count: [...repo.issues.values(), ...repo.pulls.values()].filter((issue) => issue.state === "open").length,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: repo.commits.get(repo.headSha)?.at ?? "2026-01-01T00:00:00Z",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    network_count: 0,
    subscribers_count: 0,
  };
}

function checkRunJson(req: RestRequest, run: CheckRun) {
  return {
    ...run,
    node_id: `CR_${run.id}`,
    url: api(req, `/check-runs/${run.id}`),
    html_url: html(req, `/runs/${run.id}`),
    external_id: "",
    app: appInfo(req),
    check_suite: { id: run.id },
    pull_requests: [],
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: api(req, `/check-runs/${run.id}/annotations`), ...run.output },
  };
}

const ROLE_TO_PERMISSION: Record<string, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };

const ISSUE_HANDLERS: Record<string, Handler> = {
  "apps/get-authenticated": (req) => ({ status: 200, body: appInfo(req) }),

  "repos/get": (req) => (req.repo ? { status: 200, body: repositoryJson(req, req.repo) } : notFound()),

  "issues/list-for-repo": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const state = req.query.get("state") ?? "open";
    const creator = req.query.get("creator");
    const labels = (req.query.get("labels") ?? "").split(",").filter(Boolean);
    const direction = req.query.get("direction") ?? "desc";
    const issues = [...repo.issues.values(), ...repo.pulls.values()]
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => !creator || issue.user.login === creator)
      .filter((issue) => labels.every((label) => issue.labels.includes(label)))
      .sort((a, b) => {
        const sort = req.query.get("sort") ?? "created";
        const key = sort === "updated" ? a.updated_at.localeCompare(b.updated_at) : sort === "comments" ? a.comments.length - b.comments.length : 0;
        const order = key || a.number - b.number; // creation order breaks ties, as numbers follow it
        return direction === "asc" ? order : -order;
      })
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
    const body = issueJson(req, issue);
    req.emit("issues", "opened", { issue: body });
    return { status: 201, body };
  },

  "issues/get": (req) => {
    const issue = findIssue(req);
    return issue ? { status: 200, body: issueJson(req, issue) } : notFound();
  },

  "issues/update": (req) => {
    const issue = findIssue(req);
    if (!issue) return notFound();
    const before = { title: issue.title, body: issue.body, state: issue.state, labels: [...issue.labels] };
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
    const body = issueJson(req, issue);
    // The webhooks GitHub sends for this edit, in its order.
    const changes = { ...(issue.title !== before.title ? { title: { from: before.title } } : {}), ...(issue.body !== before.body ? { body: { from: before.body } } : {}) };
    if (Object.keys(changes).length > 0) req.emit("issues", "edited", { issue: body, changes });
    if (issue.state !== before.state) req.emit("issues", issue.state === "closed" ? "closed" : "reopened", { issue: body });
    for (const name of issue.labels.filter((label) => !before.labels.includes(label))) req.emit("issues", "labeled", { issue: body, label: { name } });
    for (const name of before.labels.filter((label) => !issue.labels.includes(label))) req.emit("issues", "unlabeled", { issue: body, label: { name } });
    return { status: 200, body };
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
    const body = commentJson(req, issue, comment);
    req.emit("issue_comment", "created", { issue: issueJson(req, issue), comment: body });
    return { status: 201, body };
  },

  "issues/get-comment": (req) => {
    const found = findComment(req);
    return found ? { status: 200, body: commentJson(req, found.issue, found.comment) } : notFound();
  },

  "issues/update-comment": (req) => {
    const found = findComment(req);
    if (!found) return notFound();
    const before = found.comment.body;
    found.comment.body = String(req.body.body);
    found.comment.updated_at = now();
    const body = commentJson(req, found.issue, found.comment);
    req.emit("issue_comment", "edited", { issue: issueJson(req, found.issue), comment: body, changes: { body: { from: before } } });
    return { status: 200, body };
  },

  "reactions/create-for-issue-comment": (req) => {
    const found = findComment(req);
    if (!found) return notFound();
    const content = String(req.body.content);
    const existing = found.comment.reactions.find((reaction) => reaction.content === content && reaction.user === req.actor.login);
    if (!existing) found.comment.reactions.push({ content, user: req.actor.login });
    const id = nextId();
    return { status: existing ? 200 : 201, body: { id, node_id: `REA_${id}`, content, user: req.actor, created_at: now() } };
  },

  "issues/add-labels": (req) => {
    const issue = findIssue(req);
    const repo = req.repo;
    if (!issue || !repo) return notFound();
    const names = ((req.body.labels as unknown[] | undefined) ?? []).map((label) => (typeof label === "string" ? label : String((label as { name?: string }).name)));
    ensureLabels(repo, names);
    const added = names.filter((name, index) => !issue.labels.includes(name) && names.indexOf(name) === index);
    issue.labels.push(...added);
    issue.updated_at = now();
    for (const name of added) req.emit("issues", "labeled", { issue: issueJson(req, issue), label: labelJson(req, repo, name) });
    return { status: 200, body: issue.labels.map((name) => labelJson(req, repo, name)) };
  },

  "issues/remove-label": (req) => {
    const issue = findIssue(req);
    const repo = req.repo;
    const name = req.params.name ?? "";
    // GitHub: 404 when the issue does not carry the label; otherwise the labels that remain.
    if (!issue || !repo || !issue.labels.includes(name)) return { status: 404, body: { message: "Label does not exist", documentation_url: "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue" } };
    issue.labels = issue.labels.filter((label) => label !== name);
    issue.updated_at = now();
    req.emit("issues", "unlabeled", { issue: issueJson(req, issue), label: labelJson(req, repo, name) });
    return { status: 200, body: issue.labels.map((label) => labelJson(req, repo, label)) };
  },

  "issues/create-label": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const name = String(req.body.name);
    if (repo.labels.has(name)) return invalid("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
    const label = { name, color: str(req.body.color) ?? "ededed", description: str(req.body.description) ?? null };
    repo.labels.set(name, label);
    return { status: 201, body: labelJson(req, repo, name) };
  },

  "repos/get-collaborator-permission-level": (req) => {
    const username = req.params.username ?? "";
    if (!req.repo) return notFound();
    const role = req.repo.collaborators.get(username);
    if (role === undefined) return username.startsWith("ghost") ? notFound() : { status: 200, body: { permission: "none", role_name: "none", user: user(username) } };
    return { status: 200, body: { permission: ROLE_TO_PERMISSION[role] ?? "read", role_name: role, user: user(username) } };
  },

  "git/get-tag": () => notFound(),

  "repos/get-commit": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.params.ref ?? "";
    const sha = repo.tags.get(ref) ?? branchHead(repo, ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
    if (!sha) return invalid(`No commit found for SHA: ${ref}`);
    const known = repo.commits.get(sha);
    const person = { name: "Octo Cat", email: "octocat@users.noreply.github.com", date: known?.at ?? "2026-01-01T00:00:00Z" };
    const parents = (known?.parents ?? []).map((parent) => ({ sha: parent, url: api(req, `/commits/${parent}`), html_url: html(req, `/commit/${parent}`) }));
    return {
      status: 200,
      body: {
        sha,
        node_id: `C_${sha}`,
        url: api(req, `/commits/${sha}`),
        html_url: html(req, `/commit/${sha}`),
        comments_url: api(req, `/commits/${sha}/comments`),
        commit: { url: api(req, `/git/commits/${sha}`), author: person, committer: person, message: known?.message ?? "commit", comment_count: 0, tree: { sha: sha, url: api(req, `/git/trees/${sha}`) } },
        author: user("octocat"),
        committer: user("octocat"),
        parents,
        files: [],
        stats: { additions: 0, deletions: 0, total: 0 },
      },
    };
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
    return { status: 201, body: checkRunJson(req, run) };
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
    return { status: 200, body: checkRunJson(req, run) };
  },

  "checks/list-for-ref": (req) => {
    const runs = (req.repo?.checkRuns ?? []).filter((run) => run.head_sha === req.params.ref && (!req.query.get("check_name") || run.name === req.query.get("check_name")));
    return { status: 200, body: { total_count: runs.length, check_runs: runs.map((run) => checkRunJson(req, run)) } };
  },
};

export const HANDLERS: Record<string, Handler> = { ...ISSUE_HANDLERS, ...RELEASE_HANDLERS, ...ADVISORY_HANDLERS, ...GIT_HANDLERS, ...PULL_HANDLERS, ...APP_HANDLERS };
