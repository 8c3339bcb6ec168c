import { cursorPaginate, notFound, type Handler } from "./rest-common.js";
import { recordDelivery, sendDelivery, type Delivery, type RedeliveryAttempt } from "./hooks.js";

/** A delivery as the list shows it (the seeded payload is not part of it). */
function deliveryJson(delivery: Delivery) {
  const { payload: _payload, ...listed } = delivery;
  return listed;
}

// GitHub's delivery cursors look like "v1_12345678" (the id of the last delivery on the page).
const encodeCursor = (id: string) => `v1_${id}`;
const decodeCursor = (cursor: string) => /^v1_(\d+)$/.exec(cursor)?.[1];

export const APP_HANDLERS: Record<string, Handler> = {
  "apps/list-webhook-deliveries": (req) => {
    const status = req.query.get("status");
    const deliveries = [...req.hooks.deliveries]
      .reverse() // newest first
      .filter((delivery) => !status || (status === "success") === (delivery.status === "OK"))
      .map(deliveryJson);
    return cursorPaginate(req, "/app/hook/deliveries", deliveries, { key: (delivery) => String(delivery.id), encode: encodeCursor, decode: decodeCursor, afterParam: "cursor" });
  },

  "apps/get-webhook-delivery": (req) => {
    const delivery = req.hooks.deliveries.find((candidate) => candidate.id === Number(req.params.delivery_id));
    if (!delivery) return notFound();
    return {
      status: 200,
      body: {
        ...deliveryJson(delivery),
        url: "",
        request: { headers: { "X-GitHub-Delivery": delivery.guid, "X-GitHub-Event": delivery.event }, payload: delivery.payload ?? null },
        response: { headers: {}, payload: null },
      },
    };
  },

  "apps/redeliver-webhook-delivery": (req) => {
    const hooks = req.hooks;
    const delivery = hooks.deliveries.find((candidate) => candidate.id === Number(req.params.delivery_id));
    if (!delivery) return notFound();
    const attempt: RedeliveryAttempt = { deliveryId: delivery.id, guid: delivery.guid, at: Date.now() };
    hooks.attempts.push(attempt);
    const record = (statusCode: number) => {
      attempt.redelivery = recordDelivery(
        hooks,
        { guid: delivery.guid, event: delivery.event, action: delivery.action, statusCode, redelivery: true, installationId: delivery.installation_id, repositoryId: delivery.repository_id, ...(delivery.payload !== undefined ? { payload: delivery.payload } : {}) },
        { installationId: req.app.installationId },
      );
    };
    // Accepted now, delivered afterwards (GitHub queues the attempt).
    if (hooks.target && delivery.payload !== undefined) void sendDelivery(hooks.target, delivery).then(record);
    else record(hooks.redeliveryStatusCode);
    return { status: 202, body: {} };
  },
};
