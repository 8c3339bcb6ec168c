import { CONFIG_PATH, resolveConfig, type ConfigResult, type Layer } from "../../config/resolve-config.js";
import type { GitHub, RepoRef } from "../../github/types.js";
export type { ConfigProblem, ConfigResult } from "../../config/resolve-config.js";

function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message.split("\n")[0] : undefined;
  if (message.includes("invalid YAML")) return `the file is not valid YAML${cause ? `: ${cause}` : ""}`;
  if (message.includes("not an object")) return "the file must hold a YAML mapping (key: value pairs)";
  if (message.includes("Recursion detected")) return "`_extends` loops back to a file already loaded";
  return message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
}

/**
 * Read `.github/anvil.yml` with Probot's config loader (the repository's file, else the
 * organization's `.github` repository; `_extends` followed), layered over the organization's
 * file as defaults, and validate it. Never throws for a broken file: that is a ConfigProblem.
 */
export async function loadConfig(octokit: GitHub, repo: RepoRef): Promise<ConfigResult> {
  const label = (r: RepoRef, path: string) => `${r.owner}/${r.repo}:${path}`;
  const orgRepo = { owner: repo.owner, repo: ".github" };

  let files: Array<{ owner: string; repo: string; path: string; config: Record<string, unknown> | null }>;
  try {
    ({ files } = await octokit.config.get({ ...repo, path: CONFIG_PATH }));
  } catch (error) {
    // The loader names the URL it failed on; the repository's own file is read first.
    const inOrg = error instanceof Error && error.message.includes(`/${repo.owner}/.github/contents`) && repo.repo !== ".github";
    return { ok: false, problem: { file: label(inOrg ? orgRepo : repo, CONFIG_PATH), message: describeLoadError(error) } };
  }

  const found = files.filter((file) => file.config !== null);
  const layers: Layer[] = found.reverse().map((file) => ({ file: label(file, file.path), config: file.config ?? {} }));
  let orgLayer = layers.find((layer) => layer.file === label(orgRepo, CONFIG_PATH));

  // The repository has its own file: the organization's still supplies defaults beneath it.
  const ownFile = files[0]?.config !== null && repo.repo !== ".github";
  if (ownFile && !orgLayer) {
    try {
      const { files: orgFiles } = await octokit.config.get({ ...orgRepo, path: CONFIG_PATH });
      const orgFound = orgFiles.filter((file) => file.config !== null).reverse();
      const orgLayers = orgFound.map((file) => ({ file: label(file, file.path), config: file.config ?? {} }));
      layers.unshift(...orgLayers);
      orgLayer = orgLayers[orgLayers.length - 1];
    } catch (error) {
      return { ok: false, problem: { file: label(orgRepo, CONFIG_PATH), message: describeLoadError(error) } };
    }
  }
  return resolveConfig(layers, orgLayer);
}
