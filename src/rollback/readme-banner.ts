/**
 * The README warning banner: inserted at the very top of the README between markers naming the
 * revoked tag, and removable exactly. Pure text in, text out.
 *
 * - Inserting twice is inserting once: a banner for the same tag is replaced in place.
 * - Removing leaves the file byte-identical to what it was before the insertion (line endings
 *   included), and leaves everything else untouched, other tags' banners too.
 *
 * The markers are not signed: they only delimit text in a file that reaches the default branch
 * through a reviewed pull request, and Anvil acts on them only to remove that text, again by pull
 * request. Nothing is ever written to the default branch directly.
 */

const SAFE_TAG = /^[\w.+-]{1,64}$/;

export function bannerMarkers(tag: string): { start: string; end: string } {
  // The tag goes into an HTML comment: anything that could close it early is refused.
  if (!SAFE_TAG.test(tag) || tag.includes("--")) throw new RangeError(`not a tag Anvil puts in a README marker: ${JSON.stringify(tag)}`);
  return { start: `<!-- anvil:banner:${tag} -->`, end: `<!-- anvil:end-banner:${tag} -->` };
}

/** The branch a banner pull request comes from, and the one its removal comes from. */
export function bannerBranch(tag: string): string {
  bannerMarkers(tag);
  return `anvil/revoked-${tag}`;
}
export function bannerRemovalBranch(tag: string): string {
  bannerMarkers(tag);
  return `anvil/resolved-${tag}`;
}

/** Markdown READMEs only: an HTML comment is not a comment in reStructuredText, AsciiDoc or plain text. */
export function isMarkdownReadme(path: string): boolean {
  return /\.(md|markdown|mdown|mkdn)$/i.test(path);
}

function lineEnding(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function findBanner(readme: string, tag: string): { from: number; to: number } | undefined {
  const { start, end } = bannerMarkers(tag);
  const from = readme.indexOf(start);
  if (from < 0) return undefined;
  const close = readme.indexOf(end, from + start.length);
  if (close < 0) return undefined;
  return { from, to: close + end.length };
}

export function hasBanner(readme: string, tag: string): boolean {
  return findBanner(readme, tag) !== undefined;
}

/** `banner` (Markdown, `\n` line endings) at the top of `readme`, or in place of an earlier banner for `tag`. */
export function insertBanner(readme: string, tag: string, banner: string): string {
  const eol = lineEnding(readme);
  const { start, end } = bannerMarkers(tag);
  const block = [start, ...banner.split(/\r?\n/), end].join(eol);
  const existing = findBanner(readme, tag);
  if (existing) return readme.slice(0, existing.from) + block + readme.slice(existing.to);
  // The block, then one blank line: exactly what `removeBanner` takes away again.
  return `${block}${eol}${eol}${readme}`;
}

/** `readme` without the banner for `tag` (and the line break and blank line inserted after it). */
export function removeBanner(readme: string, tag: string): string {
  const found = findBanner(readme, tag);
  if (!found) return readme;
  let to = found.to;
  for (let i = 0; i < 2; i++) {
    if (readme.startsWith("\r\n", to)) to += 2;
    else if (readme.startsWith("\n", to)) to += 1;
  }
  return readme.slice(0, found.from) + readme.slice(to);
}
