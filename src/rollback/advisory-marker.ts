import type { MarkerCodec } from "../markers/codec.js";

/**
 * The signed marker in the description of the draft advisory Anvil opens for a revoked tag. The
 * advisory step finds it to draft only one per tag; resolution finds it to patch (and maybe
 * publish) exactly that advisory. Signed like every marker Anvil acts on: a draft's description is
 * not only Anvil's and the admins' to write — with private vulnerability reporting, anyone who
 * reports a vulnerability writes one — and an unsigned line would let such a report pass for
 * Anvil's advisory (no draft of Anvil's own, and the report patched or published on resolution).
 */
export const ADVISORY_MARKER = "advisory";

export function advisoryMarker(markers: MarkerCodec, tag: string): string {
  return markers.encode(ADVISORY_MARKER, { tag });
}

/** Whether `description` carries Anvil's verified marker for exactly `tag`; an unsigned, edited or forged one does not count. */
export function isAnvilAdvisoryFor(markers: MarkerCodec, description: string, tag: string): boolean {
  return markers.find(description, ADVISORY_MARKER)?.tag === tag;
}
