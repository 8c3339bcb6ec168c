import { api, html, notFound, paginate, str, validationFailed, type Handler, type RestRequest } from "./rest-common.js";
import { branchHead, latestRelease, markLatestOnPublish, nextId, now, type Release, type RepoState } from "./store.js";
import { pushFields } from "./webhooks.js";

export function releaseJson(req: RestRequest, release: Release) {
  return {
    ...release,
    url: api(req, `/releases/${release.id}`),
    html_url: html(req, `/releases/tag/${release.tag_name}`),
    assets_url: api(req, `/releases/${release.id}/assets`),
    upload_url: `${req.baseUrl.replace(/\/api\/v3$/, "")}/api/uploads/repos/${req.repo?.owner}/${req.repo?.repo}/releases/${release.id}/assets{?name,label}`,
    tarball_url: api(req, `/tarball/${release.tag_name}`),
    zipball_url: api(req, `/zipball/${release.tag_name}`),
    assets: release.assets.map((asset) => ({ ...asset, browser_download_url: html(req, `/releases/download/${release.tag_name}/${asset.name}`), state: "uploaded", content_type: "application/octet-stream" })),
  };
}

const latestImpossible = () => validationFailed({ resource: "Release", code: "custom", message: "Latest release cannot be draft or prerelease." });
const tagBurnt = (tag: string) => validationFailed({ resource: "Release", code: "custom", field: "tag_name", message: `tag_name ${tag} was used by an immutable release and cannot be reused` });
const tagTaken = () => validationFailed({ resource: "Release", code: "already_exists", field: "tag_name" });

/** The commit a release's tag is created on: an existing tag, a branch, or a known commit sha. */
function resolveTarget(repo: RepoState, tag: string, target: string): string | undefined {
  return repo.tags.get(tag) ?? branchHead(repo, target) ?? (repo.commits.has(target) ? target : undefined);
}

function findRelease(req: RestRequest): Release | undefined {
  return req.repo?.releases.find((candidate) => candidate.id === Number(req.params.release_id));
}

/** Publishing creates the tag (a draft has none yet) and may move Latest. */
function publish(req: RestRequest, repo: RepoState, release: Release, commit: string, makeLatest: string | undefined): void {
  if (!repo.tags.has(release.tag_name)) {
    repo.tags.set(release.tag_name, commit);
    req.emit("push", undefined, pushFields(repo, `refs/tags/${release.tag_name}`, undefined, commit, req.actor, req.baseUrl));
  }
  release.draft = false;
  release.published_at = now();
  release.immutable = repo.immutableReleases;
  markLatestOnPublish(repo, release, makeLatest);
}

function emitPublished(req: RestRequest, body: ReturnType<typeof releaseJson>, prerelease: boolean): void {
  req.emit("release", "published", { release: body });
  req.emit("release", prerelease ? "prereleased" : "released", { release: body });
}

export const RELEASE_HANDLERS: Record<string, Handler> = {
  "repos/list-releases": (req) => {
    if (!req.repo) return notFound();
    const releases = [...req.repo.releases].sort((a, b) => (b.created_at > a.created_at ? 1 : b.created_at < a.created_at ? -1 : b.id - a.id)).map((release) => releaseJson(req, release));
    return paginate(req, `/repos/${req.repo.owner}/${req.repo.repo}/releases`, releases);
  },

  "repos/create-release": (req) => {
    const repo = req.repo;
    if (!repo) return notFound();
    const tag = String(req.body.tag_name);
    if (repo.releases.some((release) => release.tag_name === tag)) return tagTaken();
    if (repo.burntTags.has(tag)) return tagBurnt(tag);
    const target = str(req.body.target_commitish) ?? repo.defaultBranch;
    const commit = resolveTarget(repo, tag, target);
    if (commit === undefined) return validationFailed({ resource: "Release", code: "invalid", field: "target_commitish" });
    const draft = req.body.draft === true;
    const prerelease = req.body.prerelease === true;
    const makeLatest = str(req.body.make_latest);
    if (makeLatest === "true" && (draft || prerelease)) return latestImpossible();
    const release: Release = {
      id: nextId(),
      node_id: `RE_${Date.now()}_${repo.releases.length}`,
      tag_name: tag,
      name: str(req.body.name) ?? (req.body.generate_release_notes === true ? tag : ""),
      body: str(req.body.body) ?? (req.body.generate_release_notes === true ? `**Full Changelog**: ${html(req, `/commits/${tag}`)}` : ""),
      draft: true,
      prerelease,
      immutable: false,
      target_commitish: target,
      created_at: now(),
      published_at: null,
      author: req.actor,
      assets: [],
    };
    if (!draft) publish(req, repo, release, commit, makeLatest);
    repo.releases.push(release);
    const body = releaseJson(req, release);
    // GitHub's order: created, then (unless a draft) published and released / prereleased.
    req.emit("release", "created", { release: body });
    if (!draft) emitPublished(req, body, prerelease);
    return { status: 201, body };
  },

  "repos/get-release": (req) => {
    const release = findRelease(req);
    return release ? { status: 200, body: releaseJson(req, release) } : notFound();
  },

  "repos/get-latest-release": (req) => {
    const release = req.repo && latestRelease(req.repo);
    return release ? { status: 200, body: releaseJson(req, release) } : notFound();
  },

  "repos/get-release-by-tag": (req) => {
    const release = req.repo?.releases.find((candidate) => candidate.tag_name === req.params.tag && !candidate.draft);
    return release ? { status: 200, body: releaseJson(req, release) } : notFound();
  },

  "repos/update-release": (req) => {
    const repo = req.repo;
    const release = findRelease(req);
    if (!repo || !release) return notFound();
    const draft = typeof req.body.draft === "boolean" ? req.body.draft : release.draft;
    const prerelease = typeof req.body.prerelease === "boolean" ? req.body.prerelease : release.prerelease;
    const makeLatest = str(req.body.make_latest);
    if (makeLatest === "true" && (draft || prerelease)) return latestImpossible();
    const tag = str(req.body.tag_name) ?? release.tag_name;
    if (tag !== release.tag_name && repo.releases.some((other) => other !== release && other.tag_name === tag)) return tagTaken();
    if (tag !== release.tag_name && repo.burntTags.has(tag)) return tagBurnt(tag);
    const target = str(req.body.target_commitish) ?? release.target_commitish;
    const commit = resolveTarget(repo, tag, target);
    if (release.draft && !draft && commit === undefined) return validationFailed({ resource: "Release", code: "invalid", field: "target_commitish" });

    const before = { name: release.name, body: release.body, tag: release.tag_name, draft: release.draft, prerelease: release.prerelease };
    if (str(req.body.name) !== undefined) release.name = String(req.body.name);
    if (str(req.body.body) !== undefined) release.body = String(req.body.body);
    release.tag_name = tag;
    release.target_commitish = target;
    release.prerelease = prerelease;
    if (release.draft && !draft) {
      publish(req, repo, release, commit!, makeLatest);
    } else {
      release.draft = draft;
      if (makeLatest === "true") repo.latestReleaseId = release.id;
      else if (makeLatest === "legacy") repo.latestReleaseId = null;
      else if (makeLatest === "false" && (repo.latestReleaseId === null || repo.latestReleaseId === release.id)) repo.latestReleaseId = latestRelease(repo, release.id)?.id ?? null;
    }
    const body = releaseJson(req, release);
    const changes = { ...(release.name !== before.name ? { name: { from: before.name } } : {}), ...(release.body !== before.body ? { body: { from: before.body } } : {}), ...(release.tag_name !== before.tag ? { tag_name: { from: before.tag } } : {}) };
    if (before.draft && !release.draft) emitPublished(req, body, release.prerelease);
    else {
      req.emit("release", "edited", { release: body, changes });
      // GitHub's `released`: "a release was published, or a pre-release was changed to a release".
      if (!release.draft && before.prerelease && !release.prerelease) req.emit("release", "released", { release: body });
    }
    return { status: 200, body };
  },

  "repos/delete-release": (req) => {
    const repo = req.repo;
    const index = repo?.releases.findIndex((candidate) => candidate.id === Number(req.params.release_id)) ?? -1;
    if (!repo || index < 0) return notFound();
    const [deleted] = repo.releases.splice(index, 1); // the tag stays, as on GitHub
    if (deleted?.immutable) repo.burntTags.add(deleted.tag_name);
    if (deleted) req.emit("release", "deleted", { release: releaseJson(req, deleted) });
    return { status: 204 };
  },
};
