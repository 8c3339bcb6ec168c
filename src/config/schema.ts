import { z } from "zod";
import type { PolicyNote } from "./policy.js";
import { defaultResponses, severityResponseFields, type SeverityResponseConfig } from "../rollback/response.js";
import { reachConfigFields } from "./reach-schema.js";

/**
 * The shape of `.github/anvil.yml`. Every key has a default, so an empty file (or none at all)
 * yields a complete configuration. Objects are strict: an unknown key is an error that names
 * the key, because a typo silently ignored is worse than a refusal.
 */

const roleName = z.string().min(1).max(100);

/**
 * Where a checklist's Markdown comes from, and its issue title. Every field has a default, so a
 * file that sets only `templatePath` (or only `title`) keeps the rest. Within one file `template`
 * and `templatePath` exclude each other; across layers the more specific file's source replaces
 * the other's (see `mergeLayers`).
 */
function templateSource(defaultTitle: string) {
  return z
    .object({
      template: z.string().min(1).max(50_000).optional().describe("Inline GitHub task-list Markdown (`- [ ] item`). Not together with `templatePath` in one file."),
      templatePath: z
        .string()
        .min(1)
        .max(255)
        .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, "must be a relative path inside the repository")
        .optional()
        .describe("Path of a Markdown file in the repository (default branch) holding the template. Not together with `template` in one file."),
      title: z.string().min(1).max(200).default(defaultTitle).describe("Issue title; `{{tag}}`, `{{version}}` and `{{repository}}` are filled in."),
    })
    .strict()
    .refine((value) => !(value.template && value.templatePath), {
      message: "set either `template` or `templatePath` in one file, not both",
    })
    .prefault({})
    .describe("Where the checklist's Markdown comes from (`template` or `templatePath`; the default checklist when neither) and its issue title.");
}

/** Keys of a section that exclude each other: a layer setting one drops the others from the layers below. */
export const exclusiveKeys: ReadonlyArray<{ section: readonly string[]; keys: readonly string[] }> = [
  { section: ["checklists", "preRelease"], keys: ["template", "templatePath"] },
  { section: ["checklists", "release"], keys: ["template", "templatePath"] },
];

export const severityNames = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof severityNames)[number];

export interface SeverityPolicy extends SeverityResponseConfig {
  /** Human-readable action from the decision matrix. */
  action: string;
  /** Time allowed to respond, in minutes; null for "next sprint" (no hard deadline). */
  respondWithinMinutes: number | null;
  /** Text shown for the deadline (e.g. "1 hour"). */
  respondWithin: string;
  /** Whether stakeholders must be notified at once. */
  notifyStakeholders: boolean;
}

export const defaultSeverities: Record<Severity, SeverityPolicy> = {
  critical: {
    ...defaultResponses.critical,
    action: "Immediate revocation + security advisory",
    respondWithinMinutes: 60,
    respondWithin: "1 hour",
    notifyStakeholders: true,
  },
  high: {
    ...defaultResponses.high,
    action: "Fast-track hotfix + pinned advisory issue",
    respondWithinMinutes: 240,
    respondWithin: "4 hours",
    notifyStakeholders: true,
  },
  medium: {
    ...defaultResponses.medium,
    action: "Scheduled hotfix in next release",
    respondWithinMinutes: 48 * 60,
    respondWithin: "48 hours",
    notifyStakeholders: false,
  },
  low: {
    ...defaultResponses.low,
    action: "Fix in next regular release",
    respondWithinMinutes: null,
    respondWithin: "next sprint",
    notifyStakeholders: false,
  },
};

/** A severity's policy where every field a repository leaves out keeps the decision-matrix default. */
function severityPolicyWithDefaults(severity: Severity) {
  const defaults = defaultSeverities[severity];
  return z
    .object({
      action: z.string().min(1).default(defaults.action).describe("Action shown in plans and incidents."),
      respondWithinMinutes: z.number().int().positive().nullable().default(defaults.respondWithinMinutes).describe("Deadline in minutes used to compute the due time; null for none."),
      respondWithin: z.string().min(1).default(defaults.respondWithin).describe("Deadline text (e.g. `4 hours`)."),
      // The response (issue 11): revoke, announcement, advisory, releaseNotes; see src/rollback/response.ts.
      ...severityResponseFields(severity),
      notifyStakeholders: z.boolean().default(defaults.notifyStakeholders).describe("Say in the incident that stakeholders must be notified now."),
    })
    .strict()
    .prefault({})
    .describe(`The response to a ${severity} incident; every field left out keeps the decision-matrix default.`);
}

/** The label of the "configuration is invalid" issue when the configuration cannot be read to say otherwise. */
export const DEFAULT_CONFIG_ERROR_LABEL = "anvil";

export const configSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Master switch: an organization can install Anvil everywhere with `enabled: false` in `<org>/.github` and enable it per repository."),
    labels: z
      .object({
        preRelease: z.string().min(1).max(50).default("release-checklist").describe("Label of pre-release checklist issues (created when missing)."),
        release: z.string().min(1).max(50).default("release-checklist").describe("Label of release checklist issues."),
        announcement: z.string().min(1).max(50).default("release-revoked").describe("Label of `/rollback` announcements."),
        incident: z.string().min(1).max(50).default("incident").describe("Label of `/rollback` incident issues."),
        overdue: z.string().min(1).max(50).default("incident-overdue").describe("Added once to an incident still unresolved after its severity's deadline."),
        configError: z.string().min(1).max(50).default(DEFAULT_CONFIG_ERROR_LABEL).describe("Label of the \"configuration is invalid\" issue."),
      })
      .strict()
      .prefault({})
      .describe("Labels Anvil puts on the issues it opens."),
    checklists: z
      .object({
        ignoreBotPushes: z.boolean().default(true).describe("Ignore pushes made by bots (dependency updaters, scheduled commits)."),
        prereleases: z.boolean().default(false).describe("Whether a published pre-release gets a release checklist."),
        closeOnComplete: z.boolean().default(true).describe("Close a checklist when its last box is ticked; unticking a box on a closed checklist reopens it."),
        preRelease: templateSource("Pre-release checklist"),
        release: templateSource("Release checklist for {{tag}}"),
      })
      .strict()
      .prefault({})
      .describe("Release checklist issues and their tracking."),
    rollback: z
      .object({
        allowedRoles: z
          .array(roleName)
          .min(1)
          .default(["admin", "maintain"])
          .describe("Repository roles (`admin`, `maintain`, `write`, `triage`, `read` or a custom role) allowed to run `/rollback`. Set in `<org>/.github`, a ceiling: repositories may narrow it, never widen it."),
        confirm: z
          .boolean()
          .default(true)
          .describe("Require a plan and a second `/rollback <tag> --confirm`. `true` in `<org>/.github` is a floor: repositories cannot switch it off."),
        planTtlMinutes: z.number().int().min(1).max(24 * 60).default(30).describe("How long a plan stays valid for `--confirm`, in minutes."),
        defaultSeverity: z.enum(severityNames).default("critical").describe("Severity when `--severity` is omitted (the decision matrix's critical response: revocation, pinned announcement, draft advisory)."),
        severities: z
          .object({
            critical: severityPolicyWithDefaults("critical"),
            high: severityPolicyWithDefaults("high"),
            medium: severityPolicyWithDefaults("medium"),
            low: severityPolicyWithDefaults("low"),
          })
          .strict()
          .prefault({})
          .describe("The response per severity (decision matrix)."),
        pinInstructions: z
          .string()
          .min(1)
          .max(2000)
          .optional()
          .describe("How users pin to the good version; `{{good}}`, `{{goodVersion}}`, `{{package}}` are filled in. Derived from the manifest when unset."),
        advisory: z
          .object({
            ecosystem: z
              .enum(["rubygems", "npm", "pip", "maven", "nuget", "composer", "go", "rust", "erlang", "actions", "pub", "other", "swift"])
              .optional()
              .describe("Ecosystem for the security advisory; derived from the manifest when unset."),
            package: z.string().min(1).max(214).optional().describe("Package name for the security advisory; derived from the manifest when unset."),
            publishOnResolution: z.boolean().default(false).describe("Publish the draft advisory when the fix ships (off: publishing needs a human's judgement)."),
          })
          .strict()
          .prefault({})
          .describe("The package security advisories are about; derived from the manifest when unset."),
        resolution: z
          .object({
            announcement: z
              .enum(["close", "unpin", "keep"])
              .default("close")
              .describe("When the fix ships: `close` the announcement (unpinned), `unpin` it (left open), or `keep` it pinned and open."),
          })
          .strict()
          .prefault({})
          .describe("What happens when a release fixing the incident is published."),
        versionFile: z.string().min(1).max(255).optional().describe("File checked for the re-tag hazard after a revocation; derived from the manifest when unset."),
      })
      .strict()
      .prefault({})
      .describe("The `/rollback` command: who may run it, confirmation, severities, advisories."),
    // Reaching people (issue 12): notifications, readmeBanner, postMortem, drills; see reach-schema.ts.
    ...reachConfigFields,
  })
  .strict();

/**
 * The configuration Anvil acts on: the validated file, plus `policy` when the organization's
 * policy overrode something the repository's file asked for (a handler can say so).
 */
export type AnvilConfig = z.infer<typeof configSchema> & { policy?: PolicyNote[] };
export type ConfigInput = z.input<typeof configSchema>;

/** The configuration an empty (or absent) `.github/anvil.yml` yields. */
export const defaultConfig: AnvilConfig = configSchema.parse({});
