import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Hidden markers: Anvil's state lives in GitHub, inside HTML comments in the bodies of the issues
 * and comments it writes: `<!-- anvil:<kind> {json} <signature> -->`.
 *
 * Anyone with write access can edit any of those bodies, Anvil's own comments included, so every
 * marker is signed: an HMAC-SHA256 over the repository it belongs to, its kind and its JSON, with
 * a key only the app holds (derived from its webhook secret). A marker whose signature does not
 * verify — edited, forged, copied from another repository, or written before the key changed — is
 * treated as absent. The JSON is escaped so that no text inside it can close the comment early.
 */

const KIND = /^[a-z][a-z0-9-]{0,40}$/;
const MARKER_PATTERN = /<!-- anvil:([a-z][a-z0-9-]{0,40}) (\{[^\n]*?\}) ([0-9a-f]{32}) -->/g;
/** Unsigned or malformed markers, found only to be replaced by `upsert`. */
const ANY_MARKER_OF_KIND = (kind: string) => new RegExp(`<!-- anvil:${kind} \\{[^\\n]*?\\}(?: [0-9a-f]{32})? -->`);

let currentKey: Buffer | undefined;
let previousKeys: Buffer[] = [];

function deriveKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("anvil marker signing key v1").digest();
}

/**
 * Set the signing key, from the webhook secret (or `ANVIL_MARKER_SECRET`). Markers signed with a
 * `previous` secret still verify, so a secret can be rotated without losing open checklists and
 * rollbacks; they are re-signed with the current key the next time Anvil writes them.
 */
export function configureMarkerSigning(secret: string, previous: readonly string[] = []): void {
  currentKey = deriveKey(secret);
  previousKeys = previous.filter((value) => value.length > 0 && value !== secret).map(deriveKey);
}

function key(): Buffer {
  // Without a configured secret (a development run), a key for this process only: markers it
  // writes will not verify after a restart, which fails safe.
  currentKey ??= randomBytes(32);
  return currentKey;
}

function sign(signingKey: Buffer, scope: string, kind: string, json: string): string {
  return createHmac("sha256", signingKey).update(`${scope}\n${kind}\n${json}`).digest("hex").slice(0, 32);
}

function verifies(scope: string, kind: string, json: string, signature: string): boolean {
  const given = Buffer.from(signature, "hex");
  return [key(), ...previousKeys].some((candidate) => {
    const expected = Buffer.from(sign(candidate, scope, kind, json), "hex");
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export interface DecodedMarker {
  kind: string;
  data: Record<string, unknown>;
}

/** Reads and writes the markers of one repository. */
export interface MarkerCodec {
  /** A signed marker holding `data`. */
  encode(kind: string, data: Record<string, unknown>): string;
  /** Every marker in `body` whose signature verifies, in order; everything else is absent. */
  decode(body: string | null | undefined): DecodedMarker[];
  /** The data of the first verified marker of `kind`, or undefined. */
  find(body: string | null | undefined, kind: string): Record<string, unknown> | undefined;
  /** Replace the first marker of `kind` (verified or not) with a freshly signed one, or prepend one. */
  upsert(body: string, kind: string, data: Record<string, unknown>): string;
}

/**
 * The codec for one repository. `scope` is the repository's id (stable across renames and
 * transfers), so a marker copied from another repository does not verify here.
 */
export function markerCodec(scope: string): MarkerCodec {
  const encode = (kind: string, data: Record<string, unknown>): string => {
    if (!KIND.test(kind)) throw new Error(`invalid marker kind: ${kind}`);
    const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/-/g, "\\u002d");
    return `<!-- anvil:${kind} ${json} ${sign(key(), scope, kind, json)} -->`;
  };
  const decode = (body: string | null | undefined): DecodedMarker[] => {
    if (!body) return [];
    const found: DecodedMarker[] = [];
    for (const [, kind, json, signature] of body.matchAll(MARKER_PATTERN)) {
      if (!kind || !json || !signature || !verifies(scope, kind, json, signature)) continue;
      try {
        const data: unknown = JSON.parse(json);
        if (data && typeof data === "object" && !Array.isArray(data)) found.push({ kind, data: data as Record<string, unknown> });
      } catch {
        // Signed but unreadable cannot happen unless the key leaked; absent either way.
      }
    }
    return found;
  };
  return {
    encode,
    decode,
    find: (body, kind) => decode(body).find((marker) => marker.kind === kind)?.data,
    upsert(body, kind, data) {
      const encoded = encode(kind, data);
      const pattern = ANY_MARKER_OF_KIND(kind);
      return pattern.test(body) ? body.replace(pattern, () => encoded) : `${encoded}\n${body}`;
    },
  };
}
