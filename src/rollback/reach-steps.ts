import type { AnvilConfig, Severity } from "../config/schema.js";
import { shouldNotify } from "./notifications.js";

/** The saga steps of issue 12: the README banner right after the pin, notifications last. */
export const REACH_STEP_IDS = ["readme-banner", "notify"] as const;
export type ReachSagaStepId = (typeof REACH_STEP_IDS)[number];

export function isReachStep(step: string): step is ReachSagaStepId {
  return (REACH_STEP_IDS as readonly string[]).includes(step);
}

/**
 * A rollback's steps with those of issue 12 added: the banner when the announcement is pinned (the
 * procedure's warning for everyone) and banners are on; notifications when the severity notifies
 * and a channel exists (dispatch on, or the deployment's webhook configured).
 */
export function withReachSteps<Step extends string>(
  steps: readonly Step[],
  config: Pick<AnvilConfig, "readmeBanner" | "notifications">,
  severity: Severity,
  webhookConfigured: boolean,
): Array<Step | ReachSagaStepId> {
  const out: Array<Step | ReachSagaStepId> = [];
  for (const step of steps) {
    out.push(step);
    if (step === "pin" && config.readmeBanner.enabled) out.push("readme-banner");
  }
  if (shouldNotify("rollback", severity, config.notifications.severities) && (config.notifications.dispatch || webhookConfigured)) out.push("notify");
  return out;
}
