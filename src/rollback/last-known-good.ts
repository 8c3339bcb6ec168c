import semver from "semver";
import type { ReleaseFacts } from "./release.js";
import { versionOf } from "../versions/versions.js";

export const REVOKED_TITLE_PREFIX = "[REVOKED]";

/**
 * A release Anvil revoked in place earlier (immutable releases keep existing, marked revoked):
 * its `[REVOKED]` title, or the `<!-- anvil:revoked` notice an Anvil before signed markers put in
 * the notes. Unsigned on purpose (docs/security.md): it only steers which version the plan
 * proposes as last known good, the plan shows that version before anyone confirms, and whoever
 * can edit a release's title can as well publish, delete or re-tag releases.
 */
export function isRevoked(release: Pick<ReleaseFacts, "name" | "body">): boolean {
  return release.name.startsWith(REVOKED_TITLE_PREFIX) || release.body.includes("<!-- anvil:revoked");
}


/**
 * The version users should pin to: the newest published, non-draft, non-prerelease release with
 * a lower semantic version than the revoked one, skipping releases revoked earlier.
 */
export function lastKnownGood<R extends ReleaseFacts>(releases: readonly R[], revokedTag: string): R | undefined {
  const revoked = versionOf(revokedTag);
  if (!revoked) return undefined;
  return releases
    .filter((release) => !release.draft && !release.prerelease && release.publishedAt !== null && !isRevoked(release))
    .map((release) => ({ release, version: versionOf(release.tag) }))
    .filter((entry): entry is { release: R; version: string } => entry.version !== null && semver.lt(entry.version, revoked))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0]?.release;
}
