/**
 * Regenerates simulator/openapi-operations.json: the few operations of GitHub's official REST
 * description that Anvil uses (and the simulator implements), with their parameters and request
 * body schemas, already dereferenced. The full description (@octokit/openapi, ~400 MB installed)
 * is fetched into a temporary folder with `npm pack` and never becomes a dependency.
 *
 *   npx tsx scripts/extract-openapi.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS, OPENAPI_PACKAGE } from "../simulator/operations.js";

const dir = mkdtempSync(join(tmpdir(), "anvil-openapi-"));
try {
  execFileSync("npm", ["pack", OPENAPI_PACKAGE, "--silent"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
  const tarball = execFileSync("sh", ["-c", "ls *.tgz"], { cwd: dir }).toString().trim();
  execFileSync("tar", ["-xzf", tarball, "package/generated/api.github.com.deref.json"], { cwd: dir });
  const spec = JSON.parse(readFileSync(join(dir, "package/generated/api.github.com.deref.json"), "utf8")) as {
    paths: Record<string, Record<string, { operationId: string; parameters?: unknown[]; requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  };
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
    };
  });
  const target = new URL("../simulator/openapi-operations.json", import.meta.url);
  writeFileSync(target, `${JSON.stringify({ source: OPENAPI_PACKAGE, operations: extracted }, null, 1)}\n`);
  console.log(`wrote ${extracted.length} operations to ${target.pathname}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
