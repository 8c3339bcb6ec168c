import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { validate as validateGraphql } from "@octokit/graphql-schema";

/**
 * The simulator's faithfulness check: every REST request is matched against GitHub's official
 * OpenAPI description (the operations in openapi-operations.json, extracted by
 * scripts/extract-openapi.ts) and every GraphQL document is validated against GitHub's schema.
 */
interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema?: unknown }>;
  requestBody: unknown;
  /** Per success status: whether the body is an array, and the fields every (item of the) body carries. */
  responses?: Array<{ status: number; array: boolean; required: string[] }>;
}

const spec = JSON.parse(readFileSync(new URL("./openapi-operations.json", import.meta.url), "utf8")) as { operations: Operation[] };
const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, validateFormats: false, logger: false });

interface CompiledOperation extends Operation {
  pattern: RegExp;
  names: string[];
  body?: ValidateFunction;
  /** Query parameter name → validator of its (coerced) value. */
  queryValidators: Map<string, ValidateFunction>;
}

/** A query string value as the JSON value its schema expects: "30" → 30 for integers, "true" → true for booleans. */
function coerceQueryValue(value: string, schema: unknown): unknown {
  const type = (schema as { type?: unknown } | undefined)?.type;
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

const compiled: CompiledOperation[] = spec.operations.map((operation) => {
  const names: string[] = [];
  // `{path}` (contents), `{ref}`, `{tag}` and `{branch}` may contain slashes; other parameters may not.
  // `/{path}` may also be absent: `GET /contents` lists the repository's root, as on GitHub.
  const source = operation.path.replace(/\/\{path\}$/, "{path}").replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    names.push(name);
    if (name === "path") return "(?:/(.*?))?";
    return name === "ref" || name === "tag" || name === "branch" ? "(.+?)" : "([^/]+)";
  });
  const body = operation.requestBody ? ajv.compile(nullableToTypes(operation.requestBody) as Record<string, unknown>) : undefined;
  const queryValidators = new Map(
    operation.parameters
      .filter((parameter) => parameter.in === "query" && parameter.schema !== undefined)
      .map((parameter) => [parameter.name, ajv.compile(nullableToTypes(parameter.schema) as Record<string, unknown>)] as const),
  );
  // GitHub lists the root directory for `contents/` and `contents` alike (Octokit sends the former for `path: ""`).
  const pattern = operation.path.endsWith("/contents/{path}") ? source.replace(/\/\(\.\+\?\)$/, "(?:/(.*?))?") : source;
  return { ...operation, names, queryValidators, pattern: new RegExp(`^${pattern}$`), ...(body ? { body } : {}) };
})
  // Most specific first: `/commits/{ref}/check-runs` before `/commits/{ref}` (more segments),
  // `/releases/latest` before `/releases/{release_id}` (more literal segments).
  .sort((a, b) => segments(b.path) - segments(a.path) || literals(b.path) - literals(a.path));

function segments(template: string): number {
  return template.split("/").length;
}

function literals(template: string): number {
  return template.split("/").filter((segment) => !segment.startsWith("{")).length;
}

const byOperationId = new Map(spec.operations.map((operation) => [operation.operationId, operation]));

/**
 * The fields GitHub's description says a success response always carries and this one lacks
 * (for a list, any item's), e.g. `["assets_url"]`. Empty when complete or not described.
 */
export function missingResponseFields(operationId: string, status: number, body: unknown): string[] {
  const described = byOperationId.get(operationId)?.responses?.find((response) => response.status === status);
  if (!described || described.required.length === 0) return [];
  const objects = described.array ? (Array.isArray(body) ? body : [body]) : [body];
  const missing = new Set<string>();
  for (const object of objects) {
    for (const field of described.required) {
      if (typeof object !== "object" || object === null || !(field in object)) missing.add(field);
    }
  }
  return [...missing];
}

/** OpenAPI 3.0's `nullable: true` expressed as JSON Schema, so Ajv checks it. */
function nullableToTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableToTypes);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = nullableToTypes(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

export interface MatchedOperation {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

export type Verdict = { ok: true; operation: MatchedOperation } | { ok: false; status: number; message: string };

/** Match and validate one REST request (path relative to `/api/v3`). */
export function checkRest(method: string, path: string, query: URLSearchParams, body: unknown): Verdict {
  const decoded = path.split("/").map((segment) => decodeURIComponent(segment)).join("/");
  const operation = compiled.find((candidate) => candidate.method === method && candidate.pattern.test(decoded));
  if (!operation) return { ok: false, status: 501, message: `the simulator does not implement ${method} ${path} (not an operation Anvil is known to use)` };
  const values = operation.pattern.exec(decoded)?.slice(1) ?? [];
  const params = Object.fromEntries(operation.names.map((name, index) => [name, values[index] ?? ""]));
  for (const parameter of operation.parameters) {
    if (parameter.in === "query" && parameter.required && !query.has(parameter.name)) {
      return { ok: false, status: 422, message: `${operation.operationId}: missing required query parameter "${parameter.name}"` };
    }
  }
  for (const name of query.keys()) {
    if (!operation.parameters.some((parameter) => parameter.in === "query" && parameter.name === name)) {
      return { ok: false, status: 422, message: `${operation.operationId}: unknown query parameter "${name}"` };
    }
  }
  for (const [name, value] of query) {
    const parameter = operation.parameters.find((candidate) => candidate.in === "query" && candidate.name === name);
    const validate = operation.queryValidators.get(name);
    if (parameter && validate && !validate(coerceQueryValue(value, parameter.schema))) {
      return { ok: false, status: 422, message: `${operation.operationId}: query parameter "${name}" ${validate.errors?.[0]?.message ?? "is invalid"} (got "${value}")` };
    }
  }
  if (operation.body) {
    if (!operation.body(body ?? {})) {
      const error = operation.body.errors?.[0];
      return { ok: false, status: 422, message: `${operation.operationId}: request body ${error?.instancePath || "(root)"} ${error?.message ?? "is invalid"}` };
    }
  } else if (body !== undefined && method !== "GET" && method !== "DELETE") {
    return { ok: false, status: 422, message: `${operation.operationId} takes no request body` };
  }
  return { ok: true, operation: { operationId: operation.operationId, template: operation.path, params } };
}

/** GitHub's own schema validation of a GraphQL document: a list of error messages (empty when valid). */
export function checkGraphql(query: unknown): string[] {
  // GitHub answers a missing document or a syntax error with a GraphQL error (200), not a 500.
  if (typeof query !== "string" || query.trim() === "") return ["A query attribute must be specified and must be a string."];
  try {
    return validateGraphql(query).map((error) => error.message);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
