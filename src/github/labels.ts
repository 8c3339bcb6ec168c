import { hasStatus, type GitHub, type RepoRef } from "./types.js";

const LABEL_COLORS: Record<string, string> = {
  "release-checklist": "0e8a16",
  "release-revoked": "b60205",
  incident: "d93f0b",
  anvil: "5319e7",
  "anvil:drill": "c5def5",
};

/**
 * Make sure a label exists, with Anvil's colour and description. One request: create it and
 * treat GitHub's 422 "already_exists" as success (cheaper than looking it up first).
 */
export async function ensureLabel(octokit: GitHub, repo: RepoRef, name: string, description: string): Promise<void> {
  try {
    await octokit.rest.issues.createLabel({ ...repo, name, color: LABEL_COLORS[name] ?? "ededed", description });
  } catch (error) {
    if (!hasStatus(error, 422)) throw error;
  }
}
