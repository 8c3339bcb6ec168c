import semver from "semver";

/**
 * Release versions and the tags that name them. `0.1.0` and `v0.1.0` name the same release, so
 * every comparison goes through `semver` here rather than string tricks at each call site.
 */

/** Longest tag Anvil accepts from a command (GitHub allows more; no release of ours needs it). */
const MAX_TAG_LENGTH = 64;
const TAG_SHAPE = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The semantic version a tag names (`v1.2.3` → `1.2.3`), or null when it names none. */
export function versionOf(tag: string | null | undefined): string | null {
  if (!tag || !TAG_SHAPE.test(tag)) return null;
  return semver.valid(tag.startsWith("v") ? tag.slice(1) : tag);
}

/**
 * A plausible release tag as typed in a command: a semantic version with an optional `v` and
 * nothing else, so path-like values, control characters and shell metacharacters are refused
 * before any request is made.
 */
export function isPlausibleTag(tag: string): boolean {
  return tag.length > 0 && tag.length <= MAX_TAG_LENGTH && versionOf(tag) !== null;
}

/** Whether two tags name the same release (`0.1.0` and `v0.1.0`); non-versions compare as text. */
export function sameVersion(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const left = versionOf(a);
  const right = versionOf(b);
  return left !== null && right !== null ? semver.eq(left, right) : a === b;
}

/** Both spellings of a tag, the typed one first: what to look for among a repository's tags. */
export function tagCandidates(tag: string): string[] {
  return tag.startsWith("v") ? [tag, tag.slice(1)] : [tag, `v${tag}`];
}

/** Order two tags by version (tags that are not versions sort first, by text). */
export function compareTags(a: string, b: string): number {
  const left = versionOf(a);
  const right = versionOf(b);
  if (left && right) return semver.compare(left, right);
  if (left) return 1;
  if (right) return -1;
  return a.localeCompare(b);
}

/** Whether `candidate` is a strictly newer version than `base` (false when either is not a version). */
export function isNewerVersion(candidate: string, base: string): boolean {
  const left = versionOf(candidate);
  const right = versionOf(base);
  return left !== null && right !== null && semver.gt(left, right);
}

/** The version a tag names without its `v` (the tag itself when it names no version). */
export function bareVersion(tag: string): string {
  return versionOf(tag) ?? tag;
}
