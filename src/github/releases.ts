import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/** What Anvil needs to know about a release, and what it records before revoking one. */
export interface ReleaseSnapshot {
  id: number;
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  targetCommitish: string;
  createdAt: string;
  publishedAt: string | null;
  htmlUrl: string;
  author: string | undefined;
  assets: Array<{ name: string; size: number; digest: string | null; downloadUrl: string }>;
}

interface RawRelease {
  id: number;
  tag_name: string;
  name?: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable?: boolean;
  target_commitish: string;
  created_at: string;
  published_at: string | null;
  html_url: string;
  author?: { login?: string } | null;
  assets?: Array<{ name: string; size: number; digest?: string | null; browser_download_url: string }>;
}

export function toReleaseSnapshot(release: RawRelease): ReleaseSnapshot {
  return {
    id: release.id,
    tag: release.tag_name,
    name: release.name ?? release.tag_name,
    body: release.body ?? "",
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: release.immutable === true,
    targetCommitish: release.target_commitish,
    createdAt: release.created_at,
    publishedAt: release.published_at,
    htmlUrl: release.html_url,
    author: release.author?.login,
    assets: (release.assets ?? []).map((asset) => ({ name: asset.name, size: asset.size, digest: asset.digest ?? null, downloadUrl: asset.browser_download_url })),
  };
}

/**
 * Releases, newest first, a page of 100 at a time, until `enough(seen)` says so or every page
 * was read (at most `maxPages`): many drafts or pre-releases can sit above the release wanted.
 */
export async function listReleasesUntil(
  octokit: GitHub,
  repo: RepoRef,
  enough: (seen: readonly ReleaseSnapshot[]) => boolean,
  maxPages = 30,
): Promise<ReleaseSnapshot[]> {
  const seen: ReleaseSnapshot[] = [];
  let pages = 0;
  for await (const { data } of octokit.paginate.iterator(octokit.rest.repos.listReleases, { ...repo, per_page: 100 })) {
    seen.push(...(data as RawRelease[]).map(toReleaseSnapshot));
    if (enough(seen) || ++pages >= maxPages) break;
  }
  return seen;
}

export async function getReleaseByTag(octokit: GitHub, repo: RepoRef, tag: string): Promise<ReleaseSnapshot | undefined> {
  try {
    const { data } = await octokit.rest.repos.getReleaseByTag({ ...repo, tag });
    return toReleaseSnapshot(data as RawRelease);
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

export async function getRelease(octokit: GitHub, repo: RepoRef, releaseId: number): Promise<ReleaseSnapshot | undefined> {
  try {
    const { data } = await octokit.rest.repos.getRelease({ ...repo, release_id: releaseId });
    return toReleaseSnapshot(data as RawRelease);
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** The release GitHub shows as *Latest* (`GET /releases/latest`), or undefined when there is none. */
export async function getLatestRelease(octokit: GitHub, repo: RepoRef): Promise<ReleaseSnapshot | undefined> {
  try {
    const { data } = await octokit.rest.repos.getLatestRelease({ ...repo });
    return toReleaseSnapshot(data as RawRelease);
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Delete a release; one that is already gone counts as deleted. */
export async function deleteRelease(octokit: GitHub, repo: RepoRef, releaseId: number): Promise<"deleted" | "already gone"> {
  try {
    await octokit.rest.repos.deleteRelease({ ...repo, release_id: releaseId });
    return "deleted";
  } catch (error) {
    if (hasStatus(error, 404)) return "already gone";
    throw error;
  }
}

export async function updateRelease(
  octokit: GitHub,
  repo: RepoRef,
  releaseId: number,
  changes: { name?: string; body?: string; prerelease?: boolean; make_latest?: "true" | "false" | "legacy" },
): Promise<void> {
  await octokit.rest.repos.updateRelease({ ...repo, release_id: releaseId, ...changes });
}

/**
 * Publish a release and create its tag at `targetCommitish` (a branch or commit sha).
 * `make_latest: "false"` keeps the repository's Latest release as it is.
 */
export async function createRelease(
  octokit: GitHub,
  repo: RepoRef,
  release: { tag: string; targetCommitish: string; name: string; body: string; prerelease: boolean; makeLatest: "true" | "false" | "legacy" },
): Promise<ReleaseSnapshot> {
  const { data } = await octokit.rest.repos.createRelease({
    ...repo,
    tag_name: release.tag,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: false,
    prerelease: release.prerelease,
    make_latest: release.makeLatest,
  });
  return toReleaseSnapshot(data as RawRelease);
}
