import { z } from "zod";
import type { Severity } from "./schema.js";

/**
 * Configuration for reaching people (issue 12): notifications, the README banner, post-mortems
 * and drills. Kept apart from schema.ts, which spreads `reachConfigFields` into the top level.
 * Every key has a default, so an empty file yields the procedure's behaviour.
 */

// Listed here rather than imported from schema.ts, which imports this file.
const SEVERITIES = ["critical", "high", "medium", "low"] as const satisfies readonly Severity[];

/**
 * `{{date}}` (YYYY-MM-DD of the revocation), `{{slug}}` (from tag and reason), `{{tag}}`; relative,
 * Markdown. A path without them is allowed; when the file exists already, the tag is appended.
 */
const postMortemPath = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\/)(?!.*\.\.)[\w./{}-]+\.md$/, "must be a relative path inside the repository ending in .md");

export const reachConfigFields = {
  notifications: z
    .object({
      /** Severities whose rollbacks and resolutions notify (the procedure: stakeholders at once for high and critical). */
      severities: z.array(z.enum(SEVERITIES)).default(["critical", "high"]),
      /** Send `repository_dispatch` events (`anvil-rollback`, `anvil-resolved`, `anvil-drill`) for the repository's own workflows. */
      dispatch: z.boolean().default(true),
    })
    .strict()
    .prefault({}),
  readmeBanner: z
    .object({
      /** On a revocation that pins an announcement, open a pull request adding a warning banner to the README. */
      enabled: z.boolean().default(true),
    })
    .strict()
    .prefault({}),
  postMortem: z
    .object({
      /** On resolution, open a pull request adding a post-mortem scaffold. */
      enabled: z.boolean().default(true),
      path: postMortemPath.default("docs/incidents/{{date}}-{{slug}}.md"),
    })
    .strict()
    .prefault({}),
  drills: z
    .object({
      /** A drill is due when the last one is older than this (the procedure: quarterly). */
      intervalDays: z.number().int().min(1).max(3650).default(91),
      /** Say so on the next checklist Anvil opens when a drill is due. */
      remind: z.boolean().default(true),
    })
    .strict()
    .prefault({}),
};

const reachConfigSchema = z.object(reachConfigFields);
export type ReachConfig = z.infer<typeof reachConfigSchema>;
/** The defaults, for code and tests that run before the fields are part of the whole schema. */
export const defaultReachConfig: ReachConfig = reachConfigSchema.parse({});
