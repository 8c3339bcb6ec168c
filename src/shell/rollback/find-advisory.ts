import { listAdvisories, type AdvisorySnapshot } from "../../github/advisories.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import { isAnvilAdvisoryFor } from "../../rollback/advisory-marker.js";

/**
 * The advisory Anvil drafted for `tag` (one listing, every page): the one whose description
 * carries Anvil's signed marker for that tag (see rollback/advisory-marker.ts). A report in
 * `triage` is never Anvil's, whatever it contains: its description is the reporter's, who may
 * have copied the marker from an advisory of Anvil's once it was published. Used by the advisory
 * step, the resolution and the drill's cleanup.
 */
export async function findAnvilAdvisory(ctx: { octokit: GitHub; repo: RepoRef; markers: MarkerCodec }, tag: string): Promise<AdvisorySnapshot | undefined> {
  const advisories = await listAdvisories(ctx.octokit, ctx.repo);
  return advisories.find((advisory) => advisory.state !== "triage" && isAnvilAdvisoryFor(ctx.markers, advisory.description, tag));
}
