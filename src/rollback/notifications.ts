import type { Severity } from "../config/schema.js";

/**
 * Notifications through the repository's own channels: a `repository_dispatch` event per
 * milestone, so the repository's workflows (holding their own secrets) post to Slack, email or
 * anything else. Pure: the shell sends what this returns.
 */

export const DISPATCH_EVENT_TYPES = {
  rollback: "anvil-rollback",
  resolved: "anvil-resolved",
  drill: "anvil-drill",
} as const;
export type Milestone = keyof typeof DISPATCH_EVENT_TYPES;

/** What a notification is about; URLs are public pages (never a draft advisory's). */
export interface MilestoneFacts {
  milestone: Milestone;
  /** `owner/name`. */
  repository: string;
  tag: string;
  /** The version to use instead (last known good, or the fix once resolved); null when there is none. */
  versionToUse: string | null;
  severity: Severity;
  reason: string | null;
  /** Who asked for the rollback, resolution or drill. */
  actor: string;
  announcementUrl: string | null;
  incidentUrl: string | null;
  /** The release that resolved it (`anvil-resolved`). */
  fixedIn: string | null;
}

/**
 * `client_payload` of the dispatch: flat, snake_case (read in workflows as
 * `github.event.client_payload.version_to_use`), every key always present (null when unknown),
 * exactly 10 keys: GitHub's limit.
 */
export interface DispatchPayload {
  repository: string;
  tag: string;
  version_to_use: string | null;
  severity: Severity;
  reason: string | null;
  actor: string;
  announcement_url: string | null;
  incident_url: string | null;
  fixed_in: string | null;
  drill: boolean;
}

const MAX_REASON = 500;

export function dispatchEvent(facts: MilestoneFacts): { eventType: string; clientPayload: DispatchPayload } {
  return {
    eventType: DISPATCH_EVENT_TYPES[facts.milestone],
    clientPayload: {
      repository: facts.repository,
      tag: facts.tag,
      version_to_use: facts.versionToUse,
      severity: facts.severity,
      reason: facts.reason === null ? null : facts.reason.slice(0, MAX_REASON),
      actor: facts.actor,
      announcement_url: facts.announcementUrl,
      incident_url: facts.incidentUrl,
      fixed_in: facts.fixedIn,
      drill: facts.milestone === "drill",
    },
  };
}

/**
 * Whether a milestone notifies: rollbacks and resolutions of the configured severities (default
 * critical and high); drills always, so the channels get drilled too.
 */
export function shouldNotify(milestone: Milestone, severity: Severity, notifySeverities: readonly Severity[]): boolean {
  return milestone === "drill" || notifySeverities.includes(severity);
}
