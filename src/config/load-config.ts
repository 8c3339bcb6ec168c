import { configSchema, type AnvilConfig } from "./schema.js";
import type { GitHub, RepoRef } from "../github/types.js";

export const CONFIG_PATH = ".github/anvil.yml";

/** Why a repository's configuration cannot be used, in words for its maintainers. */
export interface ConfigProblem {
  /** `owner/repo:path` of the file at fault. */
  file: string;
  /** Dotted path of the offending key, when one is to blame. */
  key?: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: AnvilConfig; files: string[] }
  | { ok: false; problem: ConfigProblem };

type Layer = { file: string; config: Record<string, unknown> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep merge where later layers win and arrays replace (never concatenate) earlier ones. */
export function mergeLayers(layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (key === "_extends") continue;
      const current = out[key];
      out[key] = isRecord(current) && isRecord(value) ? merge(current, value) : value;
    }
    return out;
  };
  return layers.reduce<Record<string, unknown>>((acc, layer) => merge(acc, layer), {});
}

function hasPath(config: Record<string, unknown>, path: PropertyKey[]): boolean {
  let node: unknown = config;
  for (const part of path) {
    if (!isRecord(node) || !(String(part) in node)) return false;
    node = node[String(part)];
  }
  return true;
}

/**
 * Validate the merged layers (lowest precedence first). Pure: the loader below does the I/O.
 * The `org` layer, when present, is also a ceiling for `rollback.allowedRoles`: a repository may
 * narrow the roles its organization allows, never widen them.
 */
export function resolveConfig(layers: Layer[], orgLayer?: Layer): ConfigResult {
  for (const layer of layers) {
    if (!isRecord(layer.config)) {
      return { ok: false, problem: { file: layer.file, message: "the file must hold a YAML mapping (key: value pairs)" } };
    }
  }
  const merged = mergeLayers(layers.map((layer) => layer.config));
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const unknownKeys = issue && issue.code === "unrecognized_keys" ? issue.keys : [];
    const keyPath = [...path.map(String), ...(unknownKeys.length > 0 ? [unknownKeys[0] ?? ""] : [])];
    const key = keyPath.length > 0 ? keyPath.join(".") : undefined;
    // Blame the highest-precedence file that sets the key.
    const culprit = [...layers].reverse().find((layer) => hasPath(layer.config, keyPath)) ?? layers[layers.length - 1];
    const message =
      unknownKeys.length > 0 ? `unknown key \`${key}\`` : `\`${key ?? "(root)"}\`: ${issue?.message ?? "invalid value"}`;
    return { ok: false, problem: { file: culprit?.file ?? CONFIG_PATH, ...(key ? { key } : {}), message } };
  }

  const config = parsed.data;
  const orgRoles = orgLayer ? configSchema.safeParse(orgLayer.config) : undefined;
  if (orgRoles?.success && isRecord(orgLayer?.config.rollback) && "allowedRoles" in orgLayer.config.rollback) {
    const ceiling = new Set(orgRoles.data.rollback.allowedRoles);
    config.rollback.allowedRoles = config.rollback.allowedRoles.filter((role) => ceiling.has(role));
  }
  return { ok: true, config, files: layers.map((layer) => layer.file) };
}

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
