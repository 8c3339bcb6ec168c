/**
 * Text from people (commit messages, release names, reasons, usernames) quoted into Markdown that
 * Anvil writes: one line, bounded, no HTML, no @-mentions (nobody gets pinged by a quote), and no
 * Markdown that could turn it into a link, emphasis, code or a table cell break.
 */
export function inert(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex -- flattening control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\s+/g, " ").trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    .replace(/@/g, "@\u200b")
    .replace(/([\\`*_[\]|~])/g, "\\$1");
}

/** The first line of a text (a commit message's subject). */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? "").trim();
}
