/**
 * Regenerates simulator/openapi-operations.json: the few operations of GitHub's official REST
 * description that Anvil uses (and the simulator implements), with their parameters, request
 * body schemas (already dereferenced) and, per success status, the top-level fields GitHub's
 * description says a response always carries (the simulator's responses are checked against them).
 * The full description (@octokit/openapi, ~400 MB installed) is fetched into a temporary folder
 * with `npm pack` and never becomes a dependency.
 *
 *   npx tsx scripts/extract-openapi.ts                        # fetch with npm pack
 *   npx tsx scripts/extract-openapi.ts path/to/api.github.com.deref.json   # an unpacked copy
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS, OPENAPI_PACKAGE } from "../simulator/operations.js";

interface SpecOperation {
  operationId: string;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: SpecSchema }> }>;
}
interface SpecSchema {
  type?: string;
  required?: string[];
  items?: SpecSchema;
}

function readSpec(): { paths: Record<string, Record<string, SpecOperation>> } {
  const given = process.argv[2];
  if (given) return JSON.parse(readFileSync(given, "utf8")) as { paths: Record<string, Record<string, SpecOperation>> };
  const dir = mkdtempSync(join(tmpdir(), "anvil-openapi-"));
  try {
    execFileSync("npm", ["pack", OPENAPI_PACKAGE, "--silent"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    const tarball = execFileSync("sh", ["-c", "ls *.tgz"], { cwd: dir }).toString().trim();
    execFileSync("tar", ["-xzf", tarball, "package/generated/api.github.com.deref.json"], { cwd: dir });
    return JSON.parse(readFileSync(join(dir, "package/generated/api.github.com.deref.json"), "utf8")) as { paths: Record<string, Record<string, SpecOperation>> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per 2xx status: whether the body is an array, and the fields every (item of the) body has. */
function successResponses(operation: SpecOperation) {
  return Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .map(([status, response]) => {
      const schema = response.content?.["application/json"]?.schema;
      const array = schema?.type === "array";
      const object = array ? schema.items : schema;
      return { status: Number(status), array, required: object?.required ?? [] };
    });
}

const spec = readSpec();
const extracted = OPERATIONS.map(({ method, path }) => {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in ${OPENAPI_PACKAGE}`);
  return {
    method,
    path,
    operationId: operation.operationId,
    parameters: (operation.parameters ?? []).map((parameter) => {
      const { name, in: location, required, schema } = parameter as { name: string; in: string; required?: boolean; schema?: unknown };
      return { name, in: location, required: required === true, schema };
    }),
    requestBody: operation.requestBody?.content?.["application/json"]?.schema ?? null,
    responses: successResponses(operation),
  };
});
const target = new URL("../simulator/openapi-operations.json", import.meta.url);
writeFileSync(target, `${JSON.stringify({ source: OPENAPI_PACKAGE, operations: extracted }, null, 1)}\n`);
console.log(`wrote ${extracted.length} operations to ${target.pathname}`);
