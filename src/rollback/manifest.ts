import { parse as parseToml } from "smol-toml";
import { bareVersion } from "../versions/versions.js";

/** What a repository's manifest says about the package: used for pin instructions, advisories and the re-tag check. */
export interface PackageManifest {
  file: string;
  ecosystem: "pip" | "npm" | "rust" | "go";
  name: string | undefined;
  version: string | undefined;
  /** False when the manifest says it is not published (`"private": true` in package.json): tooling, not the product. */
  published?: boolean;
}

/** Root manifests read when none is configured, most likely to describe the released package first. */
const ECOSYSTEM_RANK: Record<PackageManifest["ecosystem"], number> = { pip: 0, rust: 1, go: 2, npm: 3 };

/**
 * Which of the repository's manifests describes what the release ships. The configured
 * `rollback.versionFile` wins; otherwise a root manifest over one in a subfolder, one holding the
 * revoked version over others, a published package over a private one (a docs site's
 * `package.json`), then pyproject, Cargo, go.mod, package.json. Pure; shown in the plan so a
 * human can correct it (set `rollback.versionFile`) before confirming.
 */
export function chooseManifest(candidates: readonly PackageManifest[], revokedVersion: string, configuredFile?: string): PackageManifest | undefined {
  const configured = configuredFile ? candidates.find((manifest) => manifest.file === configuredFile) : undefined;
  if (configured) return configured;
  const score = (manifest: PackageManifest) => [
    manifest.file.includes("/") ? 1 : 0,
    manifest.version === revokedVersion ? 0 : 1,
    manifest.published === false ? 1 : 0,
    manifest.name ? 0 : 1,
    ECOSYSTEM_RANK[manifest.ecosystem],
  ];
  return [...candidates].sort((a, b) => {
    const [left, right] = [score(a), score(b)];
    for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return (left[index] ?? 0) - (right[index] ?? 0);
    return 0;
  })[0];
}

/** Manifests probed in order; the first that exists on the default branch wins. */
export const MANIFEST_FILES = ["pyproject.toml", "package.json", "Cargo.toml", "go.mod"] as const;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parse a manifest's name and version; undefined when the file cannot be read. */
export function parseManifest(file: string, content: string): PackageManifest | undefined {
  try {
    const base = file.split("/").pop() ?? file;
    if (base === "pyproject.toml") {
      const doc = parseToml(content);
      const project = table(doc.project);
      const poetry = table(table(doc.tool).poetry);
      return { file, ecosystem: "pip", name: text(project.name) ?? text(poetry.name), version: text(project.version) ?? text(poetry.version) };
    }
    if (base === "package.json") {
      const doc = table(JSON.parse(content));
      return { file, ecosystem: "npm", name: text(doc.name), version: text(doc.version), published: doc.private !== true };
    }
    if (base === "Cargo.toml") {
      const pkg = table(parseToml(content).package);
      return { file, ecosystem: "rust", name: text(pkg.name), version: text(pkg.version) };
    }
    if (base === "go.mod") {
      const module = /^module\s+(\S+)/m.exec(content)?.[1];
      return { file, ecosystem: "go", name: module, version: undefined };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Default pin instructions for users, from the manifest; `{{good}}` is the good tag. */
export function defaultPinInstructions(manifest: PackageManifest | undefined): string {
  if (!manifest?.name) return "Download and install the assets of release `{{good}}` from this repository's Releases page.";
  switch (manifest.ecosystem) {
    case "pip":
      return `pip install "${manifest.name}=={{goodVersion}}"`;
    case "npm":
      return `npm install ${manifest.name}@{{goodVersion}} --save-exact`;
    case "rust":
      return `cargo add ${manifest.name}@={{goodVersion}}`;
    case "go":
      return `go get ${manifest.name}@{{good}}`;
  }
}

export function fillPinInstructions(template: string, values: { good: string; packageName?: string }): string {
  return template
    .replace(/\{\{\s*good\s*\}\}/g, values.good)
    .replace(/\{\{\s*goodVersion\s*\}\}/g, bareVersion(values.good))
    .replace(/\{\{\s*package\s*\}\}/g, values.packageName ?? "");
}

/**
 * How users install `tag`: the configured `rollback.pinInstructions`, else the manifest's
 * ecosystem default; the package is `rollback.advisory.package`, else the manifest's name. Used
 * for the version to pin to (announcement, advisory) and the fix to upgrade to (resolution).
 */
export function installInstructions(settings: { pinInstructions?: string | undefined; advisory: { package?: string | undefined } }, manifest: PackageManifest | undefined, tag: string): string {
  const packageName = settings.advisory.package ?? manifest?.name;
  return fillPinInstructions(settings.pinInstructions ?? defaultPinInstructions(manifest), { good: tag, ...(packageName ? { packageName } : {}) });
}
