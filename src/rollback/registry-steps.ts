import { bareVersion } from "../versions/versions.js";

/**
 * The incident checklist's registry steps: what a maintainer does on the package registry of the
 * ecosystem Anvil detected, with the exact command or page. Registries keep serving a version the
 * GitHub release no longer offers; most of them need a human with the registry's credentials.
 * Pure: the shell passes the detected ecosystem and package; `src/messages/` renders the lines.
 */

/** Ecosystems Anvil knows (the manifest detection's and the advisory ecosystems). */
export type RegistryEcosystem = "pip" | "npm" | "rust" | "go" | "rubygems" | "nuget" | "erlang" | "pub" | "composer" | "maven" | "swift" | "actions" | "other";

export type RegistryStep =
  /** Run this command (with the registry's credentials). */
  | { kind: "command"; ecosystem: RegistryEcosystem; registry: string; command: string }
  /** No API: do it on this page. */
  | { kind: "page"; ecosystem: RegistryEcosystem; registry: string; url: string }
  /** Add this line to a file in the fix release. */
  | { kind: "directive"; ecosystem: RegistryEcosystem; registry: string; file: string; line: string }
  /** The registry reads the repository's tags: what happens follows the tag. */
  | { kind: "follows-tags"; ecosystem: RegistryEcosystem; registry: string }
  /** The registry never removes a published version: the fix release is the remedy. */
  | { kind: "cannot-remove"; ecosystem: RegistryEcosystem; registry: string };

export interface RegistryFacts {
  ecosystem: RegistryEcosystem | undefined;
  /** The package name from the manifest or `rollback.advisory.package`; untrusted repository content. */
  packageName: string | undefined;
  /** The revoked tag (`v0.1.0` or `0.1.0`). */
  tag: string;
  /** One line for registries that show a message (npm deprecate, Hex retire, Go retract comment). */
  message: string;
  /** Whether the revocation is for a security issue (Hex records the retirement reason). */
  security: boolean;
}

const REGISTRY_NAMES: Record<RegistryEcosystem, string> = {
  pip: "PyPI",
  npm: "npm",
  rust: "crates.io",
  go: "the Go module proxy",
  rubygems: "RubyGems.org",
  nuget: "NuGet.org",
  erlang: "Hex",
  pub: "pub.dev",
  composer: "Packagist",
  maven: "Maven Central",
  swift: "the Swift Package Index",
  actions: "the GitHub Marketplace",
  other: "the package registry",
};

export function registryName(ecosystem: RegistryEcosystem): string {
  return REGISTRY_NAMES[ecosystem];
}

/** Package names as registries allow them; anything else is not put into a command a human may paste. */
const SAFE_NAME: Partial<Record<RegistryEcosystem, RegExp>> = {
  pip: /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/,
  npm: /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/,
  rust: /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  go: /^[A-Za-z0-9][A-Za-z0-9._~/-]*$/,
  rubygems: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  nuget: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  erlang: /^[a-z][a-z0-9_]*$/,
  pub: /^[a-z][a-z0-9_]*$/,
};
const PLACEHOLDER = "<package>";

function safeName(ecosystem: RegistryEcosystem, name: string | undefined): string {
  const pattern = SAFE_NAME[ecosystem];
  return name !== undefined && name.length <= 214 && pattern?.test(name) ? name : PLACEHOLDER;
}

/** A POSIX-shell word for `text`: double quotes when nothing inside needs escaping, else single quotes. */
export function shellQuote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!/["\\$`!]/.test(flat)) return `"${flat}"`;
  return `'${flat.replace(/'/g, `'\\''`)}'`;
}

/** PEP 503 normal form, as PyPI's URLs use it. */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** The registry steps for the detected ecosystem; empty when none was detected. */
export function registrySteps(facts: RegistryFacts): RegistryStep[] {
  const { ecosystem } = facts;
  if (ecosystem === undefined) return [];
  const registry = REGISTRY_NAMES[ecosystem];
  const version = bareVersion(facts.tag);
  const name = safeName(ecosystem, facts.packageName);
  const message = facts.message.replace(/\s+/g, " ").trim();
  switch (ecosystem) {
    case "pip":
      // PEP 592 yanking has no API: it is a button on the release's management page.
      return [{ kind: "page", ecosystem, registry, url: `https://pypi.org/manage/project/${name === PLACEHOLDER ? name : normalizePypiName(name)}/release/${version}/` }];
    case "npm":
      return [{ kind: "command", ecosystem, registry, command: `npm deprecate ${name}@${version} ${shellQuote(message)}` }];
    case "rust":
      return [{ kind: "command", ecosystem, registry, command: `cargo yank --version ${version} ${name}` }];
    case "go":
      // The proxy serves a version forever; `retract` in the fix release's go.mod hides it from `go get`.
      return [{ kind: "directive", ecosystem, registry, file: "go.mod", line: `retract v${version} // ${message.replace(/\/\//g, "/")}` }];
    case "rubygems":
      return [{ kind: "command", ecosystem, registry, command: `gem yank ${name} -v ${version}` }];
    case "nuget":
      // On NuGet.org, "delete" unlists the version: existing pins keep restoring it.
      return [{ kind: "command", ecosystem, registry, command: `dotnet nuget delete ${name} ${version} --source https://api.nuget.org/v3/index.json` }];
    case "erlang":
      return [{ kind: "command", ecosystem, registry, command: `mix hex.retire ${name} ${version} ${facts.security ? "security" : "invalid"} --message ${shellQuote(message)}` }];
    case "pub":
      return [{ kind: "page", ecosystem, registry, url: `https://pub.dev/packages/${name}/admin` }];
    case "composer":
    case "swift":
    case "actions":
      return [{ kind: "follows-tags", ecosystem, registry }];
    case "maven":
      return [{ kind: "cannot-remove", ecosystem, registry }];
    case "other":
      return [];
  }
}
