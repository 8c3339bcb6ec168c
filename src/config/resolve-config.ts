import { invalidValueMessage, NOT_A_MAPPING, unknownKeyMessage } from "../messages/config-problem.js";
import { applyOrganizationPolicy, readOrganizationPolicy } from "./policy.js";
import { configSchema, exclusiveKeys, type AnvilConfig } from "./schema.js";

export const CONFIG_PATH = ".github/anvil.yml";

/**
 * Whose file is at fault: the repository's own (its file or what it `_extends`), or the
 * organization's (`<org>/.github`), which every repository of the organization sits on. An
 * organization problem is reported once, in the organization's `.github` repository, and stops
 * `/rollback` everywhere: the organization's policy cannot be known.
 */
export type ConfigScope = "repository" | "organization";

/** Why a repository's configuration cannot be used, in words for its maintainers. */
export interface ConfigProblem {
  /** `owner/repo:path` of the file at fault. */
  file: string;
  /** Dotted path of the offending key, when one is to blame. */
  key?: string;
  message: string;
  scope: ConfigScope;
}

export type ConfigResult =
  | { ok: true; config: AnvilConfig; files: string[] }
  | { ok: false; problem: ConfigProblem; scope: ConfigScope };

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

function refuse(problem: ConfigProblem): ConfigResult {
  return { ok: false, problem, scope: problem.scope };
}

/**
 * Merge and validate the layers, then enforce the organization's policy. Pure: the shell
 * (`src/shell/config/load-config.ts`) reads the files.
 *
 * @param repository the repository's own file and the files it `_extends`, lowest precedence first
 * @param organization the organization's file (`<org>/.github`) and what it extends, lowest first;
 *   it lies beneath the repository's layers whatever the repository's `_extends` says
 */
export function resolveConfig(repository: Layer[], organization: Layer[] = []): ConfigResult {
  const layers = [...organization.map((layer) => ({ ...layer, scope: "organization" as const })), ...repository.map((layer) => ({ ...layer, scope: "repository" as const }))];
  for (const layer of layers) {
    if (!isRecord(layer.config)) {
      return refuse({ file: layer.file, message: NOT_A_MAPPING, scope: layer.scope });
    }
  }

  const orgFile = organization[organization.length - 1]?.file ?? CONFIG_PATH;
  const policy = readOrganizationPolicy(orgFile, mergeLayers(organization.map((layer) => layer.config)));
  if (!policy.ok) {
    const culprit = [...organization].reverse().find((layer) => hasPath(layer.config, policy.problem.key.split("."))) ?? organization[organization.length - 1];
    return refuse({ file: culprit?.file ?? orgFile, key: policy.problem.key, message: policy.problem.message, scope: "organization" });
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
    const message = unknownKeys.length > 0 && key ? unknownKeyMessage(key) : invalidValueMessage(key, issue?.message);
    return refuse({ file: culprit?.file ?? CONFIG_PATH, ...(key ? { key } : {}), message, scope: culprit?.scope ?? "repository" });
  }

  const { config, notes } = applyOrganizationPolicy(parsed.data, policy.policy);
  return { ok: true, config: notes.length > 0 ? { ...config, policy: notes } : config, files: layers.map((layer) => layer.file) };
}
