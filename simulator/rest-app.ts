import { randomBytes } from "node:crypto";
import { cursorPaginate, notFound, paginate, type Handler } from "./rest-common.js";
import { installationJson, PERMISSIONS } from "./installations.js";
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
  "apps/list-installations": (req) => paginate(req, "/app/installations", req.installations.list().map((installation) => installationJson(installation, req))),

  "apps/get-installation": (req) => {
    const installation = req.installations.get(Number(req.params.installation_id));
    return installation ? { status: 200, body: installationJson(installation, req) } : notFound();
  },

  "apps/get-repo-installation": (req) => {
    const installation = req.repo ? req.installations.of(req.repo.owner, req.repo.repo) : undefined;
    return installation ? { status: 200, body: installationJson(installation, req) } : notFound();
  },

  // The token works for the installation's repositories only (see server.ts).
  "apps/create-installation-access-token": (req) => {
    const installation = req.installations.get(Number(req.params.installation_id));
    if (!installation) return notFound();
    installation.tokensIssued++;
    return { status: 201, body: { token: `ghs_${randomBytes(18).toString("hex")}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: PERMISSIONS, repository_selection: installation.repositorySelection } };
  },

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
