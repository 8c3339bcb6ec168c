/**
 * Regenerate `schema/anvil.schema.json` from the zod schema (`npm run schema`). A test fails when
 * the committed file is stale, so CI catches a schema change without a regenerated file.
 */
import { writeFileSync } from "node:fs";
import { JSON_SCHEMA_PATH, renderJsonSchema } from "../src/config/json-schema.js";

writeFileSync(new URL(`../${JSON_SCHEMA_PATH}`, import.meta.url), renderJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
