import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Revocation } from "./response.js";

/**
 * What deleting a release's tag costs, beyond the release itself. The plan states each cost that
 * applies before anyone confirms. Pure over the repository's files: the shell reads the files
 * listed in `TAG_COST_FILES` (and the workflows under `WORKFLOWS_DIRECTORY`) and passes what exists.
 */

/** Files whose presence or content reveals a cost (read from the default branch). */
export const TAG_COST_FILES = [
  "go.mod",
  ".releaserc",
  ".releaserc.json",
  ".releaserc.yaml",
  ".releaserc.yml",
  ".releaserc.js",
  ".releaserc.cjs",
  ".releaserc.mjs",
  "release.config.js",
  "release.config.cjs",
  "release.config.mjs",
  "release.config.ts",
  "package.json",
  "release-please-config.json",
  ".release-please-manifest.json",
] as const;

/** Workflows that may run semantic-release or release-please. */
export const WORKFLOWS_DIRECTORY = ".github/workflows";

export type TagDeletionCost =
  /** The Go module proxy keeps serving a deleted tag's version: a `retract` directive is the fix. */
  | { kind: "go-module-proxy"; module?: string; evidence: string[] }
  /** semantic-release recreates (republishes) a release whose tag disappeared. */
  | { kind: "semantic-release"; evidence: string[] }
  /** release-please derives versions and changelogs from tags; a deleted tag is recreated or skews both. */
  | { kind: "release-please"; evidence: string[] }
  /** An immutable release, once deleted, burns its tag name for good. */
  | { kind: "immutable-tag-burned" };

export interface TagCostFacts {
  /** The revocation the response will run, and the one asked for (before the immutable rule). */
  revocation: Revocation;
  requestedRevocation: Revocation;
  immutable: boolean;
  /** Contents of the files of `TAG_COST_FILES` that exist, by path. */
  files: Readonly<Record<string, string>>;
  /** Contents of the workflow files, by path (e.g. `.github/workflows/release.yml`). */
  workflows?: Readonly<Record<string, string>>;
}

const SEMANTIC_RELEASE_CONFIGS = TAG_COST_FILES.filter((file) => file.startsWith(".releaserc") || file.startsWith("release.config."));
const RELEASE_PLEASE_CONFIGS = ["release-please-config.json", ".release-please-manifest.json"];

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function packageJsonUses(content: string): { semanticRelease: string[]; releasePlease: string[] } {
  const found = { semanticRelease: [] as string[], releasePlease: [] as string[] };
  let doc: Record<string, unknown>;
  try {
    doc = record(JSON.parse(content));
  } catch {
    return found;
  }
  if ("release" in doc) found.semanticRelease.push('package.json ("release" key)');
  const dependencies = { ...record(doc.devDependencies), ...record(doc.dependencies) };
  if ("semantic-release" in dependencies) found.semanticRelease.push("package.json (semantic-release dependency)");
  if ("release-please" in dependencies) found.releasePlease.push("package.json (release-please dependency)");
  return found;
}

/** The `uses:` and `run:` values of every step of every job in a workflow. */
function workflowSteps(content: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(content);
  } catch {
    return [];
  }
  const texts: string[] = [];
  for (const job of Object.values(record(record(doc).jobs))) {
    const jobRecord = record(job);
    if (typeof jobRecord.uses === "string") texts.push(jobRecord.uses);
    const steps = Array.isArray(jobRecord.steps) ? jobRecord.steps : [];
    for (const step of steps) {
      const { uses, run } = record(step);
      if (typeof uses === "string") texts.push(uses);
      if (typeof run === "string") texts.push(run);
    }
  }
  return texts;
}

const SEMANTIC_RELEASE_STEP = /(^|[\s/@])semantic-release(\s|$|@)|semantic-release-action/;
const RELEASE_PLEASE_STEP = /release-please/;

/** Which release tools the repository uses, each with the files that reveal it. */
export function detectReleaseTools(files: Readonly<Record<string, string>>, workflows: Readonly<Record<string, string>> = {}): { semanticRelease: string[]; releasePlease: string[] } {
  const semanticRelease: string[] = SEMANTIC_RELEASE_CONFIGS.filter((file) => file in files);
  const releasePlease: string[] = RELEASE_PLEASE_CONFIGS.filter((file) => file in files);
  const pkg = files["package.json"];
  if (pkg !== undefined) {
    const uses = packageJsonUses(pkg);
    semanticRelease.push(...uses.semanticRelease);
    releasePlease.push(...uses.releasePlease);
  }
  for (const [path, content] of Object.entries(workflows).sort(([a], [b]) => a.localeCompare(b))) {
    const steps = workflowSteps(content);
    if (steps.some((text) => SEMANTIC_RELEASE_STEP.test(text))) semanticRelease.push(path);
    if (steps.some((text) => RELEASE_PLEASE_STEP.test(text))) releasePlease.push(path);
  }
  return { semanticRelease, releasePlease };
}

function goModule(content: string): string | undefined {
  return /^module\s+(\S+)/m.exec(content)?.[1]?.replace(/^"(.*)"$/, "$1");
}

/** The costs of the tag deletion about to happen; empty when the tag is kept. */
export function tagDeletionCosts(facts: TagCostFacts): TagDeletionCost[] {
  const costs: TagDeletionCost[] = [];
  // Asked to delete an immutable release: Anvil revokes it in place instead, and the plan says why.
  if (facts.requestedRevocation === "delete" && facts.immutable) costs.push({ kind: "immutable-tag-burned" });
  if (facts.revocation !== "delete") return costs;

  const goMod = facts.files["go.mod"];
  if (goMod !== undefined) costs.push({ kind: "go-module-proxy", module: goModule(goMod), evidence: ["go.mod"] });
  const tools = detectReleaseTools(facts.files, facts.workflows);
  if (tools.semanticRelease.length > 0) costs.push({ kind: "semantic-release", evidence: tools.semanticRelease });
  if (tools.releasePlease.length > 0) costs.push({ kind: "release-please", evidence: tools.releasePlease });
  return costs;
}

/** A cost as stored in the plan's signed marker. */
export const tagDeletionCostSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("go-module-proxy"), module: z.string().optional(), evidence: z.array(z.string()) }),
  z.object({ kind: z.literal("semantic-release"), evidence: z.array(z.string()) }),
  z.object({ kind: z.literal("release-please"), evidence: z.array(z.string()) }),
  z.object({ kind: z.literal("immutable-tag-burned") }),
]);
