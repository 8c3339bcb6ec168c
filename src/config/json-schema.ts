import { z } from "zod";
import { configSchema } from "./schema.js";

/** Where the published schema lives in this repository (regenerate with `npm run schema`). */
export const JSON_SCHEMA_PATH = "schema/anvil.schema.json";

/**
 * The JSON Schema of `.github/anvil.yml`, generated from the zod schema so that the two cannot
 * disagree. Editors (yaml-language-server) use it for completion and errors while typing. It
 * describes a file as written: every key optional (defaults are filled in by Anvil), plus Probot's
 * `_extends`. Rules zod checks in code (`template` and `templatePath` in one file) are not in it.
 */
export function anvilJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  const properties = (generated.properties ?? {}) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    title: "Anvil configuration (.github/anvil.yml)",
    description: "Configuration of the Anvil GitHub App. Every key is optional; see docs/configuration.md.",
    ...generated,
    properties: {
      _extends: {
        type: "string",
        description: "Layer this file over another one (Probot's config loader): `repo`, `owner/repo` or `owner/repo:path/to/file.yml`.",
      },
      ...properties,
    },
  };
}

/** The committed file's text: stable key order, two-space indent, final newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(anvilJsonSchema(), null, 2)}\n`;
}
