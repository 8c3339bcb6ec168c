import type { HookDelivery } from "../github/hook-deliveries.js";

/** GitHub keeps deliveries for 3 days; a redelivery can only be asked for within them. */
export const RETENTION_MS = 3 * 24 * 3600 * 1000;

/** Deliveries are grouped by guid: one event, however many attempts. */
export interface FailedDelivery {
  guid: string;
  /** The attempt to redeliver: the newest one listed. */
  deliveryId: number;
  event: string;
}

const succeeded = (delivery: HookDelivery) => delivery.status_code >= 200 && delivery.status_code < 300;

/**
 * Events whose attempts in the list include no successful one (2xx: 200, or 202 when Probot
 * answered before the handlers finished), oldest first. Whether a redelivery was already
 * requested for one is the caller's to know (it is kept in shared state).
 */
export function failedDeliveries(deliveries: readonly HookDelivery[]): FailedDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const delivery of deliveries) byGuid.set(delivery.guid, [...(byGuid.get(delivery.guid) ?? []), delivery]);
  const failed: Array<FailedDelivery & { at: number }> = [];
  for (const [guid, attempts] of byGuid) {
    if (attempts.some(succeeded)) continue;
    const newest = attempts.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) || (b.delivered_at === a.delivered_at && b.id > a.id) ? b : a));
    failed.push({ guid, deliveryId: newest.id, event: newest.event, at: Math.min(...attempts.map((attempt) => Date.parse(attempt.delivered_at))) });
  }
  return failed.sort((a, b) => a.at - b.at).map(({ guid, deliveryId, event }) => ({ guid, deliveryId, event }));
}

/**
 * Where a pass starts looking: where the previous pass started (a minute earlier, against clock
 * skew: requests already made are remembered), or `lookBackMs` before now on the first pass;
 * never beyond GitHub's retention.
 */
export function windowStart(now: number, previousPassStartedAt: number | undefined, lookBackMs: number): number {
  const start = previousPassStartedAt === undefined ? now - lookBackMs : previousPassStartedAt - 60_000;
  return Math.max(start, now - RETENTION_MS + 60_000);
}
