import { createHmac, randomUUID } from "node:crypto";

export interface Delivery {
  event: string;
  payload: unknown;
  /** Repository the delivery concerns: the simulator's requests are attributed to it. */
  repository: string;
}

export interface DeliveryResult {
  delivery: Delivery;
  status: number;
  sentAt: number;
  ackMs: number;
}

/** POST one signed webhook the way GitHub does. */
export async function sendSigned(url: string, secret: string, delivery: Delivery): Promise<DeliveryResult> {
  const body = JSON.stringify(delivery.payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const sentAt = performance.timeOrigin + performance.now();
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": signature,
    },
    body,
  });
  await response.arrayBuffer();
  return { delivery, status: response.status, sentAt, ackMs: performance.now() - started };
}

/** Send every delivery, never more than `concurrency` in flight. */
export async function replay(url: string, secret: string, deliveries: readonly Delivery[], concurrency: number): Promise<{ results: DeliveryResult[]; wallMs: number }> {
  const results: DeliveryResult[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      if (delivery) results.push(await sendSigned(url, secret, delivery));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  return { results, wallMs: performance.now() - started };
}
