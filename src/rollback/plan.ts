import { createHash } from "node:crypto";
import { z } from "zod";
import type { AnvilConfig, Severity } from "../config/schema.js";
import type { ReleaseFacts } from "./release.js";
import type { MarkerCodec } from "../markers/codec.js";
import { withoutSections } from "../markers/sections.js";
import { renderRollbackComment } from "../messages/rollback.js";
import { lastKnownGood } from "./last-known-good.js";
import type { PackageManifest } from "./manifest.js";
import { ROLLBACK_MARKER } from "./marker-kinds.js";
import type { RollbackRequest } from "./parse-command.js";
import { decideResponse, RESPONSE_STEP_IDS, rollbackResponseSchema, type ResponseStepId, type RollbackResponse } from "./response.js";
import { REACH_STEP_IDS, withReachSteps, type ReachSagaStepId } from "./reach-steps.js";
import { tagDeletionCosts, tagDeletionCostSchema, type TagCostFacts } from "./tag-deletion-costs.js";

/**
 * The steps a rollback can run; the severity's response (response.ts) picks which, in which order,
 * and issue 12 adds the README banner after the pin and the notifications last (reach-steps.ts).
 */
export const STEP_IDS = [...RESPONSE_STEP_IDS, ...REACH_STEP_IDS] as const;
export type StepId = ResponseStepId | ReachSagaStepId;

const assetSchema = z.object({ name: z.string(), size: z.number(), digest: z.string().nullable() });

/** Everything a confirmation needs, stored in the plan comment's hidden marker. */
export const rollbackPlanSchema = z.object({
  tag: z.string(),
  releaseId: z.number().int(),
  releaseName: z.string(),
  publishedAt: z.string().nullable(),
  immutable: z.boolean(),
  commitSha: z.string(),
  assets: z.array(assetSchema),
  good: z.object({ id: z.number().int(), tag: z.string(), name: z.string(), publishedAt: z.string().nullable() }).nullable(),
  severity: z.enum(["critical", "high", "medium", "low"]),
  severityDefaulted: z.boolean(),
  action: z.string(),
  respondWithin: z.string(),
  deadline: z.string().nullable(),
  notifyStakeholders: z.boolean(),
  advisory: z.boolean(),
  /** The severity's response (issue 11); absent in plans written before it existed (they deleted). */
  response: rollbackResponseSchema.optional(),
  /** What deleting the tag costs here, stated in the plan. */
  costs: z.array(tagDeletionCostSchema).default([]),
  /** Whether the command asked for one (`--advisory`), so a `--confirm --advisory` matches the plan. */
  advisoryRequested: z.boolean().default(false),
  steps: z.array(z.enum(STEP_IDS)),
  /** The manifest the advisory and pin instructions use, shown so a human can correct it; null when none. */
  manifest: z.object({ file: z.string(), ecosystem: z.enum(["pip", "npm", "rust", "go"]), name: z.string().nullable() }).nullable().default(null),
  requestedBy: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  issueNumber: z.number().int(),
  /** A rollback drill's plan (`/anvil drill`): announcement, advisory and incident say so. */
  drill: z.boolean().optional(),
});
export type RollbackPlan = z.infer<typeof rollbackPlanSchema>;

export interface PlanFacts {
  request: RollbackRequest;
  release: ReleaseFacts;
  releases: readonly ReleaseFacts[];
  commitSha: string;
  config: AnvilConfig;
  requestedBy: string;
  issueNumber: number;
  now: Date;
  /** The repository files that reveal what deleting the tag costs (read only when the response deletes). */
  costFiles?: Pick<TagCostFacts, "files" | "workflows">;
  /** The deployment's notification webhook (ANVIL_NOTIFY_URL) is set. */
  notifyWebhook?: boolean;
  /** The manifest chosen to describe the released package (see manifest.ts `chooseManifest`). */
  manifest?: PackageManifest;
}

/** The response a request gets for a release: decided before planning, so the shell knows what to read. */
export function responseFor(request: RollbackRequest, release: Pick<ReleaseFacts, "tag" | "immutable">, releases: readonly ReleaseFacts[], config: AnvilConfig): RollbackResponse {
  const severity: Severity = request.severityDefaulted ? config.rollback.defaultSeverity : request.severity;
  return decideResponse({
    severity,
    config: config.rollback.severities[severity],
    overrides: { ...(request.revoke ? { revoke: request.revoke } : {}), advisory: request.advisory },
    release: { immutable: release.immutable, hasLastKnownGood: lastKnownGood(releases, release.tag) !== undefined },
  });
}

const MAX_RECORDED_ASSETS = 100;

/** Decide what a rollback of `release` will do. Pure: every fact was fetched beforehand. */
export function planRollback(facts: PlanFacts): RollbackPlan {
  const { request, release, config } = facts;
  const response = responseFor(request, release, facts.releases, config);
  const { severity } = response;
  const policy = config.rollback.severities[severity];
  const good = lastKnownGood(facts.releases, release.tag);
  const costs = tagDeletionCosts({ revocation: response.revocation, requestedRevocation: response.requestedRevocation, immutable: release.immutable, files: facts.costFiles?.files ?? {}, workflows: facts.costFiles?.workflows ?? {} });
  return {
    tag: release.tag,
    releaseId: release.id,
    releaseName: release.name,
    publishedAt: release.publishedAt,
    immutable: release.immutable,
    commitSha: facts.commitSha,
    assets: release.assets.slice(0, MAX_RECORDED_ASSETS).map(({ name, size, digest }) => ({ name, size, digest })),
    good: good ? { id: good.id, tag: good.tag, name: good.name, publishedAt: good.publishedAt } : null,
    severity,
    severityDefaulted: request.severityDefaulted,
    action: policy.action,
    respondWithin: policy.respondWithin,
    deadline: policy.respondWithinMinutes === null ? null : new Date(facts.now.getTime() + policy.respondWithinMinutes * 60_000).toISOString(),
    notifyStakeholders: policy.notifyStakeholders,
    advisory: response.advisory === "drafted",
    response,
    costs,
    steps: withReachSteps(response.steps, config, severity, facts.notifyWebhook === true),
    advisoryRequested: request.advisory,
    manifest: facts.manifest ? { file: facts.manifest.file, ecosystem: facts.manifest.ecosystem, name: facts.manifest.name ?? null } : null,
    requestedBy: facts.requestedBy,
    reason: request.reason ?? null,
    createdAt: facts.now.toISOString(),
    issueNumber: facts.issueNumber,
  };
}

/** Step outcomes recorded in the status comment's marker: what makes a rollback resumable. */
export const stepOutcomeSchema = z.object({
  status: z.enum(["done", "skipped", "failed"]),
  detail: z.string(),
  at: z.string(),
});
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

export const rollbackStateSchema = z.object({
  phase: z.enum(["planned", "running", "failed", "done", "aborted"]),
  plan: rollbackPlanSchema,
  /** The comment that asked for this rollback (for redelivery detection). */
  commandCommentIds: z.array(z.number().int()),
  outcomes: z.record(z.string(), stepOutcomeSchema),
  announcement: z.number().int().optional(),
  announcementNodeId: z.string().optional(),
  incident: z.number().int().optional(),
  /** Whether a draft advisory exists ("drafted"). Never its id: this marker is in a public comment. */
  advisory: z.string().optional(),
  /** The README banner pull request (issue 12). */
  bannerPull: z.number().int().optional(),
  /** Public URLs of announcement and incident, read once for the banner and the notifications (issue 12). */
  links: z.object({ announcement: z.string().optional(), incident: z.string().optional() }).optional(),
  warnings: z.array(z.string()),
  /** A failure outside the steps (checking the tag, saving the status), shown with ❌ until the next run. */
  failure: z.object({ what: z.string(), detail: z.string(), at: z.string() }).optional(),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
});
export type RollbackState = z.infer<typeof rollbackStateSchema>;


/** Whether a plan can still be confirmed. */
export function isPlanFresh(plan: RollbackPlan, ttlMinutes: number, now: Date): boolean {
  return now.getTime() - Date.parse(plan.createdAt) <= ttlMinutes * 60_000;
}

/** The steps still to run: everything not done or skipped. */
export function remainingSteps(state: RollbackState): StepId[] {
  return state.plan.steps.filter((step) => {
    const outcome = state.outcomes[step];
    return !outcome || outcome.status === "failed";
  });
}

/** Sections other modules add to a status comment later (the resolution line, issue 11). */
const LATER_SECTIONS = ["resolution"];

/**
 * A digest of what people read in a status comment (everything but the marker and the sections
 * added later). It is signed inside the marker, so a comment whose text was edited — a plan table
 * changed to show another release — no longer verifies, even with its marker intact.
 */
function viewDigest(body: string): string {
  const visible = withoutSections(body.replace(/<!-- anvil:rollback [^\n]*? -->\n?/, ""), LATER_SECTIONS);
  const normalised = visible.replace(/\r\n?/g, "\n").split("\n").map((line) => line.trimEnd()).join("\n").trim();
  return createHash("sha256").update(normalised).digest("hex").slice(0, 32);
}

/**
 * Read a status comment's signed rollback state; undefined when absent, forged, or when the
 * comment was altered (its marker or the text people read changed).
 */
export function readRollbackState(body: string, markers: MarkerCodec): RollbackState | undefined {
  const data = markers.find(body, ROLLBACK_MARKER);
  if (!data) return undefined;
  // States written before the digest existed carry none; every state written now does.
  if (data.view !== undefined && data.view !== viewDigest(body)) return undefined;
  const parsed = rollbackStateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The status comment: the signed state (with the digest of the text), then what people read, then `note`. */
export function renderStatusComment(markers: MarkerCodec, state: RollbackState, context: { confirmRequired: boolean; ttlMinutes: number }, note = ""): string {
  const visible = `${renderRollbackComment(state, context)}${note}`;
  return `${markers.encode(ROLLBACK_MARKER, { ...state, view: viewDigest(visible) })}\n${visible}`;
}
