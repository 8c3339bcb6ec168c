import { createHmac } from "node:crypto";

/**
 * The app's webhook deliveries as GitHub keeps them (`GET /app/hook/deliveries`): seeded by tests
 * with `sim.recordDelivery(…)`, and the redeliveries the app asks for
 * (`POST /app/hook/deliveries/{id}/attempts`), which tests read with `sim.redeliveries()`.
 */
export interface Delivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  /** "OK" for a 2xx answer, otherwise GitHub's description of the failure. */
  status: string;
  /** The app's HTTP answer; 0 when GitHub could not connect or timed out. */
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: string | null;
  /** The webhook payload, when the test gave one (a redelivery then really sends it). */
  payload?: unknown;
}

export interface RedeliveryAttempt {
  /** The delivery the app named in the request. */
  deliveryId: number;
  guid: string;
  /** Epoch milliseconds. */
  at: number;
  /**
   * The delivery GitHub recorded for the attempt (`redelivery: true`, same guid); once the app has
   * answered when a webhook target is set, immediately otherwise.
   */
  redelivery?: Delivery;
}

export interface DeliverySeed {
  guid?: string;
  event: string;
  action?: string | null;
  /** The app's answer; 0 = no answer (timeout, connection refused). Default 200. */
  statusCode?: number;
  redelivery?: boolean;
  /** ISO time; default now. */
  deliveredAt?: string;
  installationId?: number | null;
  repositoryId?: number | null;
  payload?: unknown;
}

export interface HookState {
  /** Oldest first; the API lists newest first. */
  deliveries: Delivery[];
  attempts: RedeliveryAttempt[];
  nextId: number;
  /** The status code a redelivery attempt gets (what the app would answer); default 200. */
  redeliveryStatusCode: number;
  /** Where webhooks are really sent (the app's webhook URL), signed with the secret. */
  target?: WebhookTarget;
}

export interface WebhookTarget {
  url: string;
  secret: string;
  /**
   * Events GitHub sends for changes made through the API, the app's own included (e.g. the app's
   * subscriptions: ["push", "release", "issues", "issue_comment"]). Default none: only
   * redeliveries and `sim.deliver(…)` are sent.
   */
  emit?: string[];
}

export function createHookState(): HookState {
  return { deliveries: [], attempts: [], nextId: 1_000_000, redeliveryStatusCode: 200 };
}

/**
 * Redeliver as GitHub does: the same payload, the same `X-GitHub-Delivery` guid, a fresh signature;
 * the app's answer becomes the new delivery's status (0 when it could not be reached).
 */
export async function sendDelivery(target: { url: string; secret: string }, delivery: Pick<Delivery, "guid" | "event" | "payload">): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const signature = `sha256=${createHmac("sha256", target.secret).update(body).digest("hex")}`;
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/simulator",
        "x-github-delivery": delivery.guid,
        "x-github-event": delivery.event,
        "x-github-hook-installation-target-type": "integration",
        "x-hub-signature-256": signature,
      },
      body,
      signal: AbortSignal.timeout(10_000), // GitHub gives up after 10 s
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function statusText(code: number): string {
  if (code >= 200 && code < 300) return "OK";
  if (code === 0) return "timed out";
  return `Invalid HTTP Response: ${code}`;
}

export function recordDelivery(state: HookState, seed: DeliverySeed, defaults: { installationId: number }): Delivery {
  const code = seed.statusCode ?? 200;
  const delivery: Delivery = {
    id: ++state.nextId,
    guid: seed.guid ?? crypto.randomUUID(),
    delivered_at: seed.deliveredAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    redelivery: seed.redelivery ?? false,
    duration: 0.05,
    status: statusText(code),
    status_code: code,
    event: seed.event,
    action: seed.action ?? null,
    installation_id: seed.installationId === undefined ? defaults.installationId : seed.installationId,
    repository_id: seed.repositoryId ?? null,
    throttled_at: null,
    ...(seed.payload !== undefined ? { payload: seed.payload } : {}),
  };
  state.deliveries.push(delivery);
  return delivery;
}
