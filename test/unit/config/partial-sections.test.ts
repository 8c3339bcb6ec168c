import { describe, expect, it } from "vitest";
import { anvilJsonSchema } from "../../../src/config/json-schema.js";
import { resolveConfig } from "../../../src/config/resolve-config.js";
import { configSchema, defaultConfig, exclusiveKeys } from "../../../src/config/schema.js";

/**
 * Every documented default applies when a file gives only part of a section: for each leaf key of
 * the schema, a file setting only that key must yield the defaults with that one key changed.
 * The leaves are read from the published JSON Schema, so a key added later is covered too.
 */

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; default?: unknown; enum?: unknown[]; anyOf?: JsonSchema[]; const?: unknown; items?: JsonSchema; minimum?: number; pattern?: string };

function leaves(schema: JsonSchema, path: string[] = []): Array<{ path: string[]; schema: JsonSchema }> {
  if (schema.type === "object" && schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, child]) => (key === "_extends" ? [] : leaves(child, [...path, key])));
  }
  return [{ path, schema }];
}

/** A valid value for the leaf that differs from its default. */
function sample(schema: JsonSchema, path: string[]): unknown {
  const differs = (value: unknown) => JSON.stringify(value) !== JSON.stringify(schema.default);
  if (schema.anyOf) {
    const candidates = schema.anyOf.map((option) => sample({ ...option, default: schema.default }, path));
    return candidates.find(differs) ?? candidates[0];
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find(differs);
  switch (schema.type) {
    case "boolean":
      return schema.default !== true;
    case "integer":
    case "number":
      return typeof schema.default === "number" ? schema.default + 1 : (schema.minimum ?? 1) + 1;
    case "null":
      return null;
    case "array":
      // An array of enum values (notifications.severities) gets one of its values; role lists a role.
      return schema.items?.enum ? [schema.items.enum[schema.items.enum.length - 1]] : ["write"];
    case "string":
      return schema.pattern ? "docs/custom-checklist.md" : `custom ${path.join(".")}`;
    default:
      throw new Error(`no sample for ${path.join(".")}: ${JSON.stringify(schema)}`);
  }
}

function withPath(base: unknown, path: string[], value: unknown): Record<string, unknown> {
  const out = structuredClone(base) as Record<string, unknown>;
  let node = out;
  for (const part of path.slice(0, -1)) {
    node[part] = { ...((node[part] as Record<string, unknown> | undefined) ?? {}) };
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ""] = value;
  return out;
}

function without(base: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const out = structuredClone(base);
  let node: Record<string, unknown> = out;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  delete node[path[path.length - 1] ?? ""];
  return out;
}

const allLeaves = leaves(anvilJsonSchema() as JsonSchema).map(({ path, schema }) => ({ path, value: sample(schema, path) }));
const repoFile = "acme/widgets:.github/anvil.yml";
const orgFile = "acme/.github:.github/anvil.yml";

function sameExclusiveGroup(a: string[], b: string[]): boolean {
  return exclusiveKeys.some(({ section, keys }) =>
    [a, b].every((path) => path.length === section.length + 1 && section.every((part, i) => path[i] === part) && keys.includes(path[section.length] ?? "")),
  ) && a.join(".") !== b.join(".");
}

describe("partial sections", () => {
  it("finds every leaf key of the schema (the audit covers the whole file)", () => {
    const names = allLeaves.map(({ path }) => path.join("."));
    expect(names).toContain("checklists.preRelease.templatePath");
    expect(names).toContain("rollback.severities.low.respondWithinMinutes");
    expect(names).toContain("rollback.advisory.ecosystem");
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(allLeaves.map(({ path, value }) => [path.join("."), path, value] as const))("only %s given: everything else keeps its default", (_name, path, value) => {
    const parsed = configSchema.safeParse(withPath({}, path, value));
    expect(parsed.success ? parsed.data : parsed.error.issues).toEqual(withPath(defaultConfig, path, value));
  });

  it("an organization key and a different repository key: both apply, the rest keeps its defaults", () => {
    let combinations = 0;
    for (const org of allLeaves) {
      for (const repo of allLeaves) {
        if (org.path.join(".") === repo.path.join(".")) continue;
        const result = resolveConfig([
          { file: orgFile, config: withPath({}, org.path, org.value) },
          { file: repoFile, config: withPath({}, repo.path, repo.value) },
        ]);
        const applied = withPath(withPath(defaultConfig, org.path, org.value), repo.path, repo.value);
        // The repository's template source replaces the organization's (the more specific file wins).
        const expected = sameExclusiveGroup(org.path, repo.path) ? without(applied, org.path) : applied;
        expect(result.ok ? result.config : result.problem, `${org.path.join(".")} (org) + ${repo.path.join(".")} (repo)`).toEqual(expected);
        combinations += 1;
      }
    }
    expect(combinations).toBe(allLeaves.length * (allLeaves.length - 1));
  });
});

describe("checklist template sources", () => {
  it("a repository that sets only templatePath keeps the default title", () => {
    const result = resolveConfig([{ file: repoFile, config: { checklists: { preRelease: { templatePath: ".github/RELEASE.md" } } } }]);
    expect(result.ok && result.config.checklists.preRelease).toEqual({ templatePath: ".github/RELEASE.md", title: "Pre-release checklist" });
  });

  it("an organization's inline template gives way to a repository's template file (the repository wins)", () => {
    const result = resolveConfig([
      { file: orgFile, config: { checklists: { release: { template: "- [ ] org item", title: "Org title {{tag}}" } } } },
      { file: repoFile, config: { checklists: { release: { templatePath: "docs/release.md" } } } },
    ]);
    expect(result.ok && result.config.checklists.release).toEqual({ templatePath: "docs/release.md", title: "Org title {{tag}}" });
  });

  it("and the other way round: a repository's inline template replaces the organization's file", () => {
    const result = resolveConfig([
      { file: orgFile, config: { checklists: { preRelease: { templatePath: "org.md" } } } },
      { file: repoFile, config: { checklists: { preRelease: { template: "- [ ] mine" } } } },
    ]);
    expect(result.ok && result.config.checklists.preRelease).toEqual({ template: "- [ ] mine", title: "Pre-release checklist" });
  });

  it("a repository that sets only the title keeps the organization's template", () => {
    const result = resolveConfig([
      { file: orgFile, config: { checklists: { preRelease: { templatePath: "org.md" } } } },
      { file: repoFile, config: { checklists: { preRelease: { title: "Ship it" } } } },
    ]);
    expect(result.ok && result.config.checklists.preRelease).toEqual({ templatePath: "org.md", title: "Ship it" });
  });

  it("both in one file is still a mistake, named", () => {
    const result = resolveConfig([
      { file: orgFile, config: {} },
      { file: repoFile, config: { checklists: { preRelease: { template: "- [ ] a", templatePath: "x.md" } } } },
    ]);
    expect(result.ok ? result : result.problem).toMatchObject({ file: repoFile, key: "checklists.preRelease" });
  });
});
