import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { JSON_SCHEMA_PATH, anvilJsonSchema, renderJsonSchema } from "../../../src/config/json-schema.js";
import { configSchema } from "../../../src/config/schema.js";

const committed = readFileSync(new URL(`../../../${JSON_SCHEMA_PATH}`, import.meta.url), "utf8");
const docs = readFileSync(new URL("../../../docs/configuration.md", import.meta.url), "utf8");
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(anvilJsonSchema());

/** Same verdict from the editor's JSON Schema and from Anvil's own zod schema. */
function verdicts(file: unknown): { json: boolean; zod: boolean } {
  const { _extends: _ignored, ...rest } = (file ?? {}) as Record<string, unknown>;
  return { json: validate(file), zod: configSchema.safeParse(rest).success };
}

describe("the published JSON Schema", () => {
  it("is current: run `npm run schema` and commit schema/anvil.schema.json when this fails", () => {
    expect(committed).toBe(renderJsonSchema());
  });

  it("accepts the documented full example, with `_extends`", () => {
    const example = /## Full example\s+```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const file = parse(example ?? "") as Record<string, unknown>;
    expect(verdicts(file)).toEqual({ json: true, zod: true });
    expect(verdicts({ ...file, _extends: "acme/.github" })).toEqual({ json: true, zod: true });
  });

  it.each([
    ["an empty file", {}, true],
    ["a partial section", { checklists: { preRelease: { templatePath: ".github/RELEASE.md" } } }, true],
    ["a typo at the top", { enabeld: true }, false],
    ["a typo in a section", { checklists: { prerelases: true } }, false],
    ["a wrong type", { rollback: { confirm: "yes" } }, false],
    ["an out-of-range number", { rollback: { planTtlMinutes: 0 } }, false],
    ["an unknown severity", { rollback: { defaultSeverity: "urgent" } }, false],
    ["an empty role list", { rollback: { allowedRoles: [] } }, false],
    ["an absolute template path", { checklists: { release: { templatePath: "/etc/passwd" } } }, false],
    ["a path leaving the repository", { checklists: { release: { templatePath: "../x.md" } } }, false],
    ["a null deadline", { rollback: { severities: { low: { respondWithinMinutes: null } } } }, true],
  ])("%s: the editor and Anvil agree", (_name, file, valid) => {
    expect(verdicts(file)).toEqual({ json: valid, zod: valid });
  });

  it("describes the keys an editor shows while typing", () => {
    const rollback = (anvilJsonSchema().properties as Record<string, { properties: Record<string, { description?: string }> }>).rollback;
    expect(rollback?.properties.allowedRoles?.description).toMatch(/ceiling/);
    expect(rollback?.properties.confirm?.description).toMatch(/floor/);
  });

  it("docs/configuration.md's reference has a row for every key of the schema (add one when this fails)", () => {
    type Node = { type?: string; properties?: Record<string, Node> };
    const leaves = (node: Node, path: string[] = []): string[] =>
      node.type === "object" && node.properties
        ? Object.entries(node.properties).flatMap(([key, child]) => (key === "_extends" ? [] : leaves(child, [...path, key])))
        : [path.join(".")];
    const documented = (key: string) => docs.includes(`| \`${key.replace(/^rollback\.severities\.(critical|high|medium|low)\./, "rollback.severities.<severity>.")}\` |`);
    expect(leaves(anvilJsonSchema() as Node).filter((key) => !documented(key))).toEqual([]);
  });

  it("docs/configuration.md shows the yaml-language-server modeline", () => {
    expect(docs).toMatch(/# yaml-language-server: \$schema=\S+anvil\.schema\.json/);
  });
});
