import type { GitHub } from "./types.js";

/** One attempt to deliver a webhook, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  id: number;
  /** Constant across redeliveries of one event (`X-GitHub-Delivery`). */
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  /** "OK" for a 2xx answer. */
  status: string;
  /** The app's HTTP answer; 0 when GitHub got none. */
  status_code: number;
  event: string;
  action: string | null;
}

/**
 * The app's webhook deliveries delivered at or after `since`, newest first (the API's order),
 * following the cursor pagination (Link header) only as far back as `since`. Needs the app's
 * own (JWT) Octokit: `app.auth()` without an installation id.
 */
export async function listDeliveriesSince(appOctokit: GitHub, since: Date): Promise<HookDelivery[]> {
  const found: HookDelivery[] = [];
  for await (const { data } of appOctokit.paginate.iterator(appOctokit.rest.apps.listWebhookDeliveries, { per_page: 100 })) {
    for (const delivery of data as HookDelivery[]) {
      if (Date.parse(delivery.delivered_at) < since.getTime()) return found;
      found.push(delivery);
    }
  }
  return found;
}

/** Ask GitHub to deliver one delivery again (`POST /app/hook/deliveries/{id}/attempts`, 202). */
export async function requestRedelivery(appOctokit: GitHub, deliveryId: number): Promise<void> {
  await appOctokit.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId });
}
