import { api, html, invalid, issueJson, notFound, paginate, str, validationFailed, type Handler, type RestRequest } from "./rest-common.js";
import { pushFields } from "./webhooks.js";
import { branchHead, isAncestor, mergedFiles, mergePullRequest, now, user, type PullRequest, type RepoState } from "./store.js";

function branchJson(req: RestRequest, repo: RepoState, branch: string, sha: string | undefined) {
  const owner = user(repo.owner);
  return { label: `${repo.owner}:${branch}`, ref: branch, sha: sha ?? "0".repeat(40), user: owner, repo: { id: repo.id, name: repo.repo, full_name: `${repo.owner}/${repo.repo}`, owner, default_branch: repo.defaultBranch, url: api(req, "") } };
}

/** Whether GitHub could merge it now (null would mean "not computed yet"; the simulator always knows). */
function mergeable(repo: RepoState, pull: PullRequest): boolean {
  return pull.state === "open" && mergedFiles(repo, pull) !== undefined;
}

export function pullJson(req: RestRequest, repo: RepoState, pull: PullRequest) {
  const asIssue = issueJson(req, pull);
  const head = branchHead(repo, pull.head);
  const base = branchHead(repo, pull.base);
  const self = api(req, `/pulls/${pull.number}`);
  return {
    ...asIssue,
    url: self,
    html_url: html(req, `/pull/${pull.number}`),
    diff_url: html(req, `/pull/${pull.number}.diff`),
    patch_url: html(req, `/pull/${pull.number}.patch`),
    issue_url: api(req, `/issues/${pull.number}`),
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: api(req, "/pulls/comments{/number}"),
    comments_url: api(req, `/issues/${pull.number}/comments`),
    statuses_url: api(req, `/statuses/${head ?? ""}`),
    head: branchJson(req, repo, pull.head, head),
    base: branchJson(req, repo, pull.base, base),
    _links: { self: { href: self }, html: { href: html(req, `/pull/${pull.number}`) }, issue: { href: api(req, `/issues/${pull.number}`) } },
    draft: pull.draft,
    merged: pull.merged_at !== null,
    merged_at: pull.merged_at,
    merged_by: pull.merged_by,
    merge_commit_sha: pull.merge_commit_sha,
    mergeable: pull.state === "open" ? mergeable(repo, pull) : null,
    mergeable_state: pull.state !== "open" ? "unknown" : mergeable(repo, pull) ? "clean" : "dirty",
    maintainer_can_modify: pull.maintainer_can_modify,
    auto_merge: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
    review_comments: 0,
    comments: pull.comments.length,
  };
}

function findPull(req: RestRequest): PullRequest | undefined {
  return req.repo?.pulls.get(Number(req.params.pull_number));
}

/** `head` as GitHub reads it: "branch" or "owner:branch" (only this repository's owner is modelled). */
function headBranch(repo: RepoState, head: string): string | undefined {
  const [owner, branch] = head.includes(":") ? [head.slice(0, head.indexOf(":")), head.slice(head.indexOf(":") + 1)] : [repo.owner, head];
  return owner.toLowerCase() === repo.owner.toLowerCase() ? branch : undefined;
}

export const PULL_HANDLERS: Record<string, Handler> = {
  "pulls/create": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const head = headBranch(repo, String(req.body.head));
    const base = String(req.body.base);
    const headSha = head === undefined ? undefined : branchHead(repo, head);
    const baseSha = branchHead(repo, base);
    if (str(req.body.title) === undefined && req.body.issue === undefined) return validationFailed({ resource: "PullRequest", code: "missing_field", field: "title" });
    if (head === undefined || headSha === undefined) return validationFailed({ resource: "PullRequest", field: "head", code: "invalid" });
    if (baseSha === undefined) return validationFailed({ resource: "PullRequest", field: "base", code: "invalid" });
    const open = [...repo.pulls.values()].find((pull) => pull.state === "open" && pull.head === head && pull.base === base);
    if (open) return validationFailed({ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head}.` });
    if (isAncestor(repo, headSha, baseSha)) return validationFailed({ resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` });
    const number = repo.nextNumber++;
    const at = now();
    const pull: PullRequest = {
      number,
      node_id: `PR_${repo.repo}_${number}`,
      title: str(req.body.title) ?? `#${String(req.body.issue)}`,
      body: str(req.body.body) ?? "",
      state: "open",
      state_reason: null,
      labels: [],
      user: req.actor,
      viaApp: req.actor.type === "Bot",
      comments: [],
      pinned: false,
      created_at: at,
      updated_at: at,
      closed_at: null,
      head,
      base,
      draft: req.body.draft === true,
      maintainer_can_modify: req.body.maintainer_can_modify !== false,
      merged_at: null,
      merge_commit_sha: null,
      merged_by: null,
    };
    repo.pulls.set(number, pull);
    return { status: 201, body: pullJson(req, repo, pull), headers: { location: api(req, `/pulls/${number}`) } };
  },

  "pulls/list": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const state = req.query.get("state") ?? "open";
    const head = req.query.get("head");
    const base = req.query.get("base");
    const sort = req.query.get("sort") ?? "created";
    const direction = req.query.get("direction") ?? (sort === "created" || sort === "updated" ? "desc" : "asc");
    const pulls = [...repo.pulls.values()]
      .filter((pull) => state === "all" || pull.state === state)
      // `head` is "owner:branch" (or just "owner"); a bare branch name is read as an owner and matches nothing.
      .filter((pull) => {
        if (!head) return true;
        const [owner, branch] = head.includes(":") ? [head.slice(0, head.indexOf(":")), head.slice(head.indexOf(":") + 1)] : [head, undefined];
        return owner.toLowerCase() === repo.owner.toLowerCase() && (branch === undefined || branch === pull.head);
      })
      .filter((pull) => !base || pull.base === base)
      .sort((a, b) => {
        const key = sort === "updated" ? a.updated_at.localeCompare(b.updated_at) || a.number - b.number : a.number - b.number;
        return direction === "asc" ? key : -key;
      })
      .map((pull) => pullJson(req, repo, pull));
    return paginate(req, `/repos/${repo.owner}/${repo.repo}/pulls`, pulls);
  },

  "pulls/get": (req) => {
    const pull = findPull(req);
    return pull && req.repo ? { status: 200, body: pullJson(req, req.repo, pull) } : notFound();
  },

  "pulls/update": (req) => {
    const repo = req.repo;
    const pull = findPull(req);
    if (!repo || !pull) return notFound();
    if (req.body.state === "open" && pull.state === "closed") {
      if (pull.merged_at !== null) return validationFailed({ resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The pull request has been merged." });
      if (branchHead(repo, pull.head) === undefined) return validationFailed({ resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The head branch was deleted." });
    }
    if (str(req.body.base) !== undefined && branchHead(repo, String(req.body.base)) === undefined) return validationFailed({ resource: "PullRequest", field: "base", code: "invalid" });
    const at = now();
    if (str(req.body.title) !== undefined) pull.title = String(req.body.title);
    if (str(req.body.body) !== undefined) pull.body = String(req.body.body);
    if (str(req.body.base) !== undefined) pull.base = String(req.body.base);
    if (typeof req.body.maintainer_can_modify === "boolean") pull.maintainer_can_modify = req.body.maintainer_can_modify;
    if (req.body.state === "closed" && pull.state === "open") Object.assign(pull, { state: "closed", closed_at: at });
    if (req.body.state === "open" && pull.state === "closed") Object.assign(pull, { state: "open", closed_at: null });
    pull.updated_at = at;
    return { status: 200, body: pullJson(req, repo, pull) };
  },

  "pulls/merge": (req) => {
    const repo = req.repo;
    const pull = findPull(req);
    if (!repo || !pull) return notFound();
    if (pull.state !== "open") return { status: 405, body: { message: "Pull Request is not mergeable", documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request" } };
    const given = str(req.body.sha);
    if (given !== undefined && given !== branchHead(repo, pull.head)) return { status: 409, body: { message: "Head branch was modified. Review and try the merge again.", documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request" } };
    const baseBefore = branchHead(repo, pull.base);
    const sha = mergePullRequest(repo, pull.number, req.actor.login);
    if (sha !== undefined) req.emit("push", undefined, pushFields(repo, `refs/heads/${pull.base}`, baseBefore, sha, req.actor, req.baseUrl));
    if (sha === undefined) return { status: 405, body: { message: "Pull Request is not mergeable", documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request" } };
    pull.merged_by = req.actor;
    return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
  },

  "repos/create-dispatch-event": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    // The description bounds event_type (1-100 characters) and client_payload (at most 10 keys); checked before this runs.
    const payload = req.body.client_payload;
    if (payload !== undefined && (typeof payload !== "object" || payload === null || Array.isArray(payload))) return invalid("Invalid request.\n\nFor 'properties/client_payload', it is not an object.");
    repo.dispatches.push({ event_type: String(req.body.event_type), client_payload: (payload as Record<string, unknown> | undefined) ?? {}, at: now() });
    return { status: 204 };
  },
};
