import { configSchema, exclusiveKeys, type AnvilConfig } from "./schema.js";

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

/** One file's parsed content, named `owner/repo:path`. */
export type Layer = { file: string; config: Record<string, unknown> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/**
 * Deep merge where later layers win and arrays replace (never concatenate) earlier ones. Keys
 * that exclude each other (`template` and `templatePath`): the later layer's choice replaces the
 * earlier one's, so an organization's inline template gives way to a repository's template file.
 */
export function mergeLayers(layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>, path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    const exclusive = exclusiveKeys.find((entry) => samePath(entry.section, path));
    if (exclusive && exclusive.keys.some((key) => key in over)) {
      for (const key of exclusive.keys) if (!(key in over)) delete out[key];
    }
    for (const [key, value] of Object.entries(over)) {
      if (key === "_extends") continue;
      const current = out[key];
      out[key] = isRecord(current) && isRecord(value) ? merge(current, value, [...path, key]) : value;
    }
    return out;
  };
  return layers.reduce<Record<string, unknown>>((acc, layer) => merge(acc, layer, []), {});
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
