/**
 * Hidden markers: Anvil's state lives in GitHub, inside HTML comments in the bodies of the
 * issues and comments it writes. A marker is `<!-- anvil:<kind> {json} -->`.
 *
 * The JSON is escaped so that no user-supplied text inside it can close the comment early
 * (`-->`) or open markup (`<`).
 */

const MARKER_PATTERN = /<!-- anvil:([a-z][a-z0-9-]{0,40}) (\{.*?\}) -->/g;

export function encodeMarker(kind: string, data: Record<string, unknown>): string {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(kind)) throw new Error(`invalid marker kind: ${kind}`);
  const json = JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/-/g, "\\u002d");
  return `<!-- anvil:${kind} ${json} -->`;
}

export interface DecodedMarker {
  kind: string;
  data: Record<string, unknown>;
}

/** Every well-formed marker in `body`, in order. Malformed JSON is skipped, never thrown. */
export function decodeMarkers(body: string | null | undefined): DecodedMarker[] {
  if (!body) return [];
  const found: DecodedMarker[] = [];
  for (const match of body.matchAll(MARKER_PATTERN)) {
    const [, kind, json] = match;
    if (!kind || !json) continue;
    try {
      const data: unknown = JSON.parse(json);
      if (data && typeof data === "object" && !Array.isArray(data)) {
        found.push({ kind, data: data as Record<string, unknown> });
      }
    } catch {
      // A human edited the marker into something unreadable: treat as absent.
    }
  }
  return found;
}

/** The first marker of `kind` in `body`, or undefined. */
export function findMarker(body: string | null | undefined, kind: string): Record<string, unknown> | undefined {
  return decodeMarkers(body).find((marker) => marker.kind === kind)?.data;
}

/** Replace the first marker of `kind` in `body` (or prepend one). */
export function upsertMarker(body: string, kind: string, data: Record<string, unknown>): string {
  const encoded = encodeMarker(kind, data);
  let replaced = false;
  const next = body.replace(MARKER_PATTERN, (whole, foundKind: string) => {
    if (replaced || foundKind !== kind) return whole;
    replaced = true;
    return encoded;
  });
  return replaced ? next : `${encoded}\n${body}`;
}

/**
 * A region of a body between `<!-- anvil:section:<name> -->` and `<!-- anvil:end:<name> -->`,
 * which Anvil owns and re-renders; everything outside belongs to humans.
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
