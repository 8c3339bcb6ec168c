import { createHash } from "node:crypto";
import { api, html, invalid, notFound, str, type Handler, type RestRequest, type RestResponse } from "./rest-common.js";
import { addCommit, blobSha, branchFiles, branchHead, filesAt, isAncestor, now, setBranchHead, type RepoState } from "./store.js";
import { pushFields } from "./webhooks.js";

/** A file as the contents API describes it (`content` omitted for directory listings). */
function fileJson(req: RestRequest, path: string, text: string, ref: string, withContent = true) {
  const blob = blobSha(text);
  const self = `${api(req, `/contents/${path}`)}?ref=${encodeURIComponent(ref)}`;
  const git = api(req, `/git/blobs/${blob}`);
  const page = html(req, `/blob/${ref}/${path}`);
  return {
    type: "file",
    name: path.split("/").pop() ?? path,
    path,
    sha: blob,
    size: Buffer.byteLength(text),
    url: self,
    git_url: git,
    html_url: page,
    download_url: `${req.baseUrl.replace(/\/api\/v3$/, "")}/raw/${req.repo?.owner}/${req.repo?.repo}/${ref}/${path}`,
    _links: { self, git, html: page },
    ...(withContent ? { encoding: "base64", content: Buffer.from(text).toString("base64") } : {}),
  };
}

const noCommit = (ref: string): RestResponse => ({ status: 404, body: { message: `No commit found for the ref ${ref}`, documentation_url: "https://docs.github.com/rest/repos/contents" } });

/** A file (JSON or raw, with ETag / 304) or a directory listing, at `?ref=` (default branch when absent). */
function serveFile(req: RestRequest, path: string, files: Map<string, string>, ref: string): RestResponse {
  const content = files.get(path);
  if (content === undefined) {
    const prefix = path === "" ? "" : `${path.replace(/\/$/, "")}/`;
    const names = new Set([...files.keys()].filter((candidate) => candidate.startsWith(prefix)).map((candidate) => candidate.slice(prefix.length).split("/")[0]!));
    if (names.size === 0) return notFound();
    return {
      status: 200,
      body: [...names].sort().map((name) => {
        const full = `${prefix}${name}`;
        const text = files.get(full);
        return text === undefined ? { type: "dir", name, path: full, sha: createHash("sha1").update(full).digest("hex"), size: 0, url: api(req, `/contents/${full}`), html_url: html(req, `/tree/${ref}/${full}`), git_url: null, download_url: null, _links: {} } : fileJson(req, full, text, ref, false);
      }),
    };
  }
  const etag = `"${createHash("sha1").update(content).digest("hex")}"`;
  if (req.headers["if-none-match"] === etag) return { status: 304, headers: { etag } };
  const raw = String(req.headers.accept ?? "").includes("raw");
  return raw ? { status: 200, body: content, headers: { etag, "content-type": "application/vnd.github.raw; charset=utf-8" } } : { status: 200, body: fileJson(req, path, content, ref), headers: { etag } };
}

function refJson(req: RestRequest, ref: string, sha: string) {
  return { ref: `refs/${ref}`, node_id: `REF_${Buffer.from(ref).toString("base64")}`, url: api(req, `/git/refs/${ref}`), object: { sha, type: "commit", url: api(req, `/git/commits/${sha}`) } };
}

/** `heads/x` or `tags/x` → the commit it points at. */
function readRef(repo: RepoState, ref: string): string | undefined {
  if (ref.startsWith("heads/")) return branchHead(repo, ref.slice("heads/".length));
  if (ref.startsWith("tags/")) return repo.tags.get(ref.slice("tags/".length));
  return undefined;
}

function commitExists(repo: RepoState, sha: string): boolean {
  return repo.commits.has(sha) || sha === repo.headSha;
}

function commitJson(req: RestRequest, repo: RepoState, sha: string) {
  const commit = repo.commits.get(sha);
  const person = { name: "anvil[bot]", email: "anvil[bot]@users.noreply.github.com", date: commit?.at ?? now() };
  return {
    sha,
    node_id: `C_${sha}`,
    url: api(req, `/git/commits/${sha}`),
    html_url: html(req, `/commit/${sha}`),
    author: person,
    committer: person,
    message: commit?.message ?? "",
    tree: { sha: createHash("sha1").update(`tree/${sha}`).digest("hex"), url: api(req, `/git/trees/${sha}`) },
    parents: (commit?.parents ?? []).map((parent) => ({ sha: parent, url: api(req, `/git/commits/${parent}`), html_url: html(req, `/commit/${parent}`) })),
    verification: { verified: true, reason: "valid", signature: null, payload: null, verified_at: null },
  };
}

/** Branches that are gone close the pull requests opened from or into them, as on GitHub. */
function closePullsOf(repo: RepoState, branch: string): void {
  for (const pull of repo.pulls.values()) {
    if (pull.state === "open" && (pull.head === branch || pull.base === branch)) Object.assign(pull, { state: "closed", closed_at: now(), updated_at: now() });
  }
}

export const GIT_HANDLERS: Record<string, Handler> = {
  "repos/get-content": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.query.get("ref") ?? repo.defaultBranch;
    const files = filesAt(repo, req.query.get("ref") ?? undefined);
    return files ? serveFile(req, req.params.path ?? "", files, ref) : noCommit(ref);
  },

  "repos/get-readme": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.query.get("ref") ?? repo.defaultBranch;
    const files = filesAt(repo, req.query.get("ref") ?? undefined);
    if (!files) return noCommit(ref);
    // GitHub's preference: the root, then .github/, then docs/; README.md before other spellings.
    const readme = ["", ".github/", "docs/"]
      .map((folder) => [...files.keys()].filter((path) => path.startsWith(folder) && /^readme(\.[a-z0-9]+)?$/i.test(path.slice(folder.length))).sort((a, b) => Number(!a.endsWith("README.md")) - Number(!b.endsWith("README.md")))[0])
      .find((path) => path !== undefined);
    return readme === undefined ? notFound() : serveFile(req, readme, files, ref);
  },

  "repos/create-or-update-file-contents": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const path = req.params.path ?? "";
    const branch = str(req.body.branch) ?? repo.defaultBranch;
    const head = branchHead(repo, branch);
    const files = branchFiles(repo, branch);
    if (head === undefined || files === undefined) return { status: 404, body: { message: `Branch ${branch} not found`, documentation_url: "https://docs.github.com/rest/repos/contents" } };
    const encoded = String(req.body.content);
    if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(encoded)) return invalid("content is not valid Base64");
    const existing = files.get(path);
    const given = str(req.body.sha);
    if (existing !== undefined && given === undefined) return invalid('Invalid request.\n\n"sha" wasn\'t supplied.');
    if (given !== undefined && (existing === undefined || given !== blobSha(existing))) {
      return { status: 409, body: { message: `${path} does not match ${given}`, documentation_url: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents", status: "409" } };
    }
    const text = Buffer.from(encoded, "base64").toString("utf8");
    const tree = new Map(files);
    tree.set(path, text);
    const commit = addCommit(repo, { parents: [head], message: String(req.body.message), files: tree });
    setBranchHead(repo, branch, commit.sha);
    req.emit("push", undefined, pushFields(repo, `refs/heads/${branch}`, head, commit.sha, req.actor, req.baseUrl));
    return { status: existing === undefined ? 201 : 200, body: { content: fileJson(req, path, text, branch, false), commit: commitJson(req, repo, commit.sha) } };
  },

  "repos/get-branch": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const name = req.params.branch ?? "";
    const sha = branchHead(repo, name);
    if (sha === undefined) return { status: 404, body: { message: "Branch not found", documentation_url: "https://docs.github.com/rest/branches/branches#get-a-branch" } };
    return {
      status: 200,
      body: {
        name,
        commit: { sha, node_id: `C_${sha}`, url: api(req, `/commits/${sha}`), html_url: html(req, `/commit/${sha}`), commit: commitJson(req, repo, sha), parents: [] },
        _links: { self: api(req, `/branches/${name}`), html: html(req, `/tree/${name}`) },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: api(req, `/branches/${name}/protection`),
      },
    };
  },

  "git/get-ref": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.params.ref ?? "";
    const sha = readRef(repo, ref);
    return sha ? { status: 200, body: refJson(req, ref, sha) } : notFound();
  },

  "git/create-ref": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const full = String(req.body.ref);
    const sha = String(req.body.sha);
    if (!/^refs\/[^/]+\/.+/.test(full)) return invalid("Reference name must start with 'refs/' and have at least two slashes.");
    const ref = full.slice("refs/".length);
    if (!ref.startsWith("heads/") && !ref.startsWith("tags/")) return invalid("Reference name must start with 'refs/heads/' or 'refs/tags/'.");
    if (readRef(repo, ref) !== undefined) return invalid("Reference already exists");
    if (ref.startsWith("tags/") && repo.burntTags.has(ref.slice("tags/".length))) return invalid(`Tag ${ref.slice("tags/".length)} was used by an immutable release and cannot be reused`);
    if (!commitExists(repo, sha)) return invalid("Object does not exist");
    if (ref.startsWith("heads/")) repo.branches.set(ref.slice("heads/".length), sha);
    else repo.tags.set(ref.slice("tags/".length), sha);
    req.emit("push", undefined, pushFields(repo, full, undefined, sha, req.actor, req.baseUrl));
    return { status: 201, body: refJson(req, ref, sha), headers: { location: api(req, `/git/refs/${ref}`) } };
  },

  "git/update-ref": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const ref = req.params.ref ?? "";
    const current = readRef(repo, ref);
    if (current === undefined) return invalid("Reference does not exist");
    const sha = String(req.body.sha);
    if (!commitExists(repo, sha)) return invalid("Object does not exist");
    if (ref.startsWith("tags/") && repo.releases.some((release) => release.tag_name === ref.slice(5) && release.immutable)) return invalid("Cannot update a tag of an immutable release");
    if (req.body.force !== true && !isAncestor(repo, current, sha)) return invalid("Update is not a fast forward");
    if (ref.startsWith("heads/")) setBranchHead(repo, ref.slice("heads/".length), sha);
    else repo.tags.set(ref.slice("tags/".length), sha);
    req.emit("push", undefined, { ...pushFields(repo, `refs/${ref}`, current, sha, req.actor, req.baseUrl), forced: !isAncestor(repo, current, sha) });
    return { status: 200, body: refJson(req, ref, sha) };
  },

  "git/delete-ref": (req) => {
    const ref = req.params.ref ?? "";
    const repo = req.repo;
    if (!repo) return notFound();
    const current = readRef(repo, ref);
    if (current === undefined) return invalid("Reference does not exist");
    if (ref.startsWith("heads/")) {
      const branch = ref.slice("heads/".length);
      if (branch === repo.defaultBranch) return invalid("Cannot delete the default branch");
      repo.branches.delete(branch);
      closePullsOf(repo, branch);
      req.emit("push", undefined, pushFields(repo, `refs/${ref}`, current, undefined, req.actor, req.baseUrl));
      return { status: 204 };
    }
    const tag = ref.slice("tags/".length);
    if (repo.releases.some((release) => release.tag_name === tag && release.immutable)) return invalid("Cannot delete a tag of an immutable release");
    repo.tags.delete(tag);
    req.emit("push", undefined, pushFields(repo, `refs/${ref}`, current, undefined, req.actor, req.baseUrl));
    return { status: 204 };
  },
};
