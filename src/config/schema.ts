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
      /** Inline GitHub task-list Markdown. */
      template: z.string().min(1).max(50_000).optional(),
      /** Path of a Markdown file in the repository (default branch) holding the template. */
      templatePath: z
        .string()
        .min(1)
        .max(255)
        .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, "must be a relative path inside the repository")
        .optional(),
      /** Issue title; `{{tag}}`, `{{version}}` and `{{repository}}` are filled in. */
      title: z.string().min(1).max(200).default(defaultTitle),
    })
    .strict()
    .refine((value) => !(value.template && value.templatePath), {
      message: "set either `template` or `templatePath` in one file, not both",
    })
    .prefault({});
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
      action: z.string().min(1).default(defaults.action),
      respondWithinMinutes: z.number().int().positive().nullable().default(defaults.respondWithinMinutes),
      respondWithin: z.string().min(1).default(defaults.respondWithin),
      // The response (issue 11): revoke, announcement, advisory, releaseNotes; see src/rollback/response.ts.
      ...severityResponseFields(severity),
      notifyStakeholders: z.boolean().default(defaults.notifyStakeholders),
    })
    .strict()
    .prefault({});
}

export const configSchema = z
  .object({
    /** Master switch: an organization can install Anvil everywhere and enable it per repository. */
    enabled: z.boolean().default(true),
    labels: z
      .object({
        preRelease: z.string().min(1).max(50).default("release-checklist"),
        release: z.string().min(1).max(50).default("release-checklist"),
        announcement: z.string().min(1).max(50).default("release-revoked"),
        incident: z.string().min(1).max(50).default("incident"),
        /** Added once to an incident still unresolved after its severity's deadline. */
        overdue: z.string().min(1).max(50).default("incident-overdue"),
        configError: z.string().min(1).max(50).default("anvil"),
      })
      .strict()
      .prefault({}),
    checklists: z
      .object({
        /** Ignore pushes made by bots (dependency updaters, scheduled commits). */
        ignoreBotPushes: z.boolean().default(true),
        /** Whether pre-releases get a release checklist. */
        prereleases: z.boolean().default(false),
        /** Close a checklist issue when every item is ticked (and reopen it when one is unticked). */
        closeOnComplete: z.boolean().default(true),
        preRelease: templateSource("Pre-release checklist"),
        release: templateSource("Release checklist for {{tag}}"),
      })
      .strict()
      .prefault({}),
    rollback: z
      .object({
        /** Repository roles (`role_name`) allowed to run `/rollback`. */
        allowedRoles: z.array(roleName).min(1).default(["admin", "maintain"]),
        /** Require a plan and a second `--confirm` command before anything is changed. */
        confirm: z.boolean().default(true),
        /** How long a plan stays valid for `--confirm`. */
        planTtlMinutes: z.number().int().min(1).max(24 * 60).default(30),
        /** Severity when `--severity` is omitted. */
        defaultSeverity: z.enum(severityNames).default("high"),
        severities: z
          .object({
            critical: severityPolicyWithDefaults("critical"),
            high: severityPolicyWithDefaults("high"),
            medium: severityPolicyWithDefaults("medium"),
            low: severityPolicyWithDefaults("low"),
          })
          .strict()
          .prefault({}),
        /**
         * Pin instructions shown to users; `{{good}}` is the good tag, `{{goodVersion}}` the
         * version without `v`, `{{package}}` the package name. Derived from the repository's
         * manifest when unset.
         */
        pinInstructions: z.string().min(1).max(2000).optional(),
        /** Package ecosystem and name for security advisories; derived from the manifest when unset. */
        advisory: z
          .object({
            ecosystem: z
              .enum(["rubygems", "npm", "pip", "maven", "nuget", "composer", "go", "rust", "erlang", "actions", "pub", "other", "swift"])
              .optional(),
            package: z.string().min(1).max(214).optional(),
            /** Publish the draft advisory when the fix ships (off: publishing needs a human's judgement). */
            publishOnResolution: z.boolean().default(false),
          })
          .strict()
          .prefault({}),
        /** When the fix ships: `close` the announcement (unpinned), `unpin` it (left open), or `keep` it pinned and open. */
        resolution: z
          .object({ announcement: z.enum(["close", "unpin", "keep"]).default("close") })
          .strict()
          .prefault({}),
        /** Version file checked for the re-tag hazard; derived from the manifest when unset. */
        versionFile: z.string().min(1).max(255).optional(),
      })
      .strict()
      .prefault({}),
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
