import { getTagCommit } from "../../github/git-refs.js";
import { getReleaseByTag, listReleasesUntil, type ReleaseSnapshot } from "../../github/releases.js";
import { lastKnownGood } from "../../rollback/last-known-good.js";
import { renderDraftRelease, renderTagNotFound } from "../../messages/rollback.js";
import { tagCandidates } from "../../versions/versions.js";
import type { CommandContext } from "./command-context.js";

export interface ResolvedRelease {
  release: ReleaseSnapshot;
  /** The repository's releases, to find the last known good version. */
  releases: ReleaseSnapshot[];
  /** The commit the release's tag points to now ("" when the tag is gone). */
  commitSha: string;
}

/**
 * The published release a command names (`0.1.0` and `v0.1.0` alike), the releases around it,
 * and the commit its tag points to; or the polite refusal to send when there is none.
 */
export async function resolveRelease(ctx: CommandContext, tag: string): Promise<ResolvedRelease | { refusal: string }> {
  // Read pages until both the release and its last known good version are among them.
  const found = (seen: readonly ReleaseSnapshot[]) => seen.find((candidate) => tagCandidates(tag).includes(candidate.tag));
  const releases = await listReleasesUntil(ctx.octokit, ctx.repo, (seen) => {
    const target = found(seen);
    return target !== undefined && lastKnownGood(seen, target.tag) !== undefined;
  });
  let release = releases.find((candidate) => tagCandidates(tag).includes(candidate.tag));
  for (const candidate of release ? [] : tagCandidates(tag)) {
    release = await getReleaseByTag(ctx.octokit, ctx.repo, candidate);
    if (release) break;
  }
  if (!release) return { refusal: renderTagNotFound(tag) };
  if (release.draft) return { refusal: renderDraftRelease(release.tag) };
  const commitSha = (await getTagCommit(ctx.octokit, ctx.repo, release.tag)) ?? "";
  return { release, releases, commitSha };
}
