/**
 * A region of a body between `<!-- anvil:section:<name> -->` and `<!-- anvil:end:<name> -->`,
 * which Anvil owns and re-renders; everything outside belongs to humans. Sections hold only what
 * Anvil shows, never state it acts on (that lives in signed markers, see codec.ts).
 */
export function sectionBounds(name: string): { start: string; end: string } {
  return { start: `<!-- anvil:section:${name} -->`, end: `<!-- anvil:end:${name} -->` };
}

export function readSection(body: string, name: string): string | undefined {
  const { start, end } = sectionBounds(name);
  const from = body.indexOf(start);
  if (from < 0) return undefined;
  const to = body.indexOf(end, from + start.length);
  if (to < 0) return undefined;
  return body.slice(from + start.length, to).replace(/^\n/, "").replace(/\n$/, "");
}

/** Replace a section's content, appending the section at the end when it is missing. */
export function writeSection(body: string, name: string, content: string): string {
  const { start, end } = sectionBounds(name);
  const block = `${start}\n${content}\n${end}`;
  const from = body.indexOf(start);
  const to = from < 0 ? -1 : body.indexOf(end, from + start.length);
  if (from < 0 || to < 0) return `${body.replace(/\s*$/, "")}\n\n${block}\n`;
  return body.slice(0, from) + block + body.slice(to + end.length);
}

/** The body without the named sections: only what humans maintain. */
export function withoutSections(body: string, names: readonly string[]): string {
  let rest = body;
  for (const name of names) {
    const { start, end } = sectionBounds(name);
    const from = rest.indexOf(start);
    const to = from < 0 ? -1 : rest.indexOf(end, from);
    if (from >= 0 && to >= 0) rest = rest.slice(0, from) + rest.slice(to + end.length);
  }
  return rest;
}
