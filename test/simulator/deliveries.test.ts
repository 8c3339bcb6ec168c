import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.js";
import { FAKE_JWT, parseLink, startClient, type Client } from "./helpers.js";

/** The app's webhook deliveries and redelivery attempts (issue 13: failed deliveries come back by themselves). */

let client: Client;
let sim: Simulator;
let provoked: RegExp[] = [];

beforeEach(async () => {
  provoked = [];
  client = await startClient({ repos: [{ owner: "acme", repo: "widgets" }] });
  sim = client.sim;
});
afterEach(async () => {
  expect(sim.violations().filter((violation) => !provoked.some((pattern) => pattern.test(violation)))).toEqual([]);
  expect(sim.responseGaps()).toEqual([]);
  await sim.close();
});

interface DeliveryJson {
  id: number;
  guid: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
}

/** As the app: with its JWT. */
const asApp = (path: string, method = "GET") => fetch(path.startsWith("http") ? path : `${sim.url}/api/v3${path}`, { method, headers: { authorization: `Bearer ${FAKE_JWT}`, accept: "application/vnd.github+json" } });
const json = async <T>(response: Response) => (await response.json()) as T;
const eventually = async <T>(check: () => T): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return check();
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};

describe("GET /app/hook/deliveries", () => {
  it("needs the app's JWT, not an installation token", async () => {
    expect((await client.api("/app/hook/deliveries")).status).toBe(401);
    expect((await asApp("/app/hook/deliveries")).status).toBe(200);
  });

  it("lists newest first with exactly GitHub's fields", async () => {
    const repoId = sim.repo("acme", "widgets").id;
    sim.recordDelivery({ guid: "g-1", event: "push", statusCode: 200, repositoryId: repoId, deliveredAt: "2026-11-25T10:00:00Z" });
    sim.recordDelivery({ guid: "g-2", event: "issue_comment", action: "created", statusCode: 503, repositoryId: repoId, deliveredAt: "2026-11-25T10:01:00Z" });
    const listed = await json<Array<Record<string, unknown>>>(await asApp("/app/hook/deliveries"));
    expect(listed).toEqual([
      { id: expect.any(Number), guid: "g-2", delivered_at: "2026-11-25T10:01:00Z", redelivery: false, duration: expect.any(Number), status: "Invalid HTTP Response: 503", status_code: 503, event: "issue_comment", action: "created", installation_id: sim.app.installationId, repository_id: repoId, throttled_at: null },
      { id: expect.any(Number), guid: "g-1", delivered_at: "2026-11-25T10:00:00Z", redelivery: false, duration: expect.any(Number), status: "OK", status_code: 200, event: "push", action: null, installation_id: sim.app.installationId, repository_id: repoId, throttled_at: null },
    ]);
  });

  it("cursor pagination: per_page, Link rel=next with a cursor, until no next; `page` is not a parameter", async () => {
    for (let index = 1; index <= 5; index++) sim.recordDelivery({ guid: `g-${index}`, event: "push", statusCode: index % 2 === 0 ? 500 : 200 });
    const guids: string[] = [];
    let next: string | undefined = "/app/hook/deliveries?per_page=2";
    let pages = 0;
    while (next) {
      const page = await asApp(next);
      pages++;
      guids.push(...(await json<DeliveryJson[]>(page)).map((delivery) => delivery.guid));
      const links = parseLink(page.headers.get("link"));
      expect(links.last).toBeUndefined();
      next = links.next;
      if (next) expect(new URL(next).searchParams.get("cursor")).toMatch(/^v1_\d+$/);
    }
    expect(pages).toBe(3);
    expect(guids).toEqual(["g-5", "g-4", "g-3", "g-2", "g-1"]);

    const failures = await json<DeliveryJson[]>(await asApp("/app/hook/deliveries?status=failure"));
    expect(failures.map((delivery) => delivery.guid)).toEqual(["g-4", "g-2"]);
    expect((await asApp("/app/hook/deliveries?cursor=nonsense")).status).toBe(400);

    provoked = [/unknown query parameter "page"/];
    expect((await asApp("/app/hook/deliveries?page=2")).status).toBe(422);
  });

  it("one delivery by id, with the request GitHub sent; 404 for an unknown id", async () => {
    const delivery = sim.recordDelivery({ guid: "g-1", event: "push", payload: { ref: "refs/heads/main" } });
    const read = await json<Record<string, unknown>>(await asApp(`/app/hook/deliveries/${delivery.id}`));
    expect(read).toMatchObject({ id: delivery.id, guid: "g-1", request: { headers: { "X-GitHub-Delivery": "g-1" }, payload: { ref: "refs/heads/main" } } });
    expect((await asApp("/app/hook/deliveries/1")).status).toBe(404);
  });
});

describe("POST /app/hook/deliveries/{id}/attempts", () => {
  it("202; the attempt is recorded and listed as a redelivery with the same guid", async () => {
    const failed = sim.recordDelivery({ guid: "g-1", event: "push", statusCode: 503 });
    const response = await asApp(`/app/hook/deliveries/${failed.id}/attempts`, "POST");
    expect(response.status).toBe(202);
    expect(sim.redeliveries()).toEqual([{ deliveryId: failed.id, guid: "g-1", at: expect.any(Number), redelivery: expect.objectContaining({ guid: "g-1", redelivery: true, status: "OK", status_code: 200 }) }]);
    const listed = await json<DeliveryJson[]>(await asApp("/app/hook/deliveries"));
    expect(listed.map((delivery) => [delivery.guid, delivery.redelivery, delivery.status_code])).toEqual([
      ["g-1", true, 200],
      ["g-1", false, 503],
    ]);
  });

  it("the outcome of later attempts can be set (the app still down)", async () => {
    sim.setRedeliveryStatusCode(503);
    const failed = sim.recordDelivery({ guid: "g-1", event: "push", statusCode: 503 });
    await asApp(`/app/hook/deliveries/${failed.id}/attempts`, "POST");
    expect(sim.redeliveries()[0]?.redelivery).toMatchObject({ status_code: 503, status: "Invalid HTTP Response: 503" });
  });

  it("needs the JWT; 404 for an unknown delivery, and nothing is recorded", async () => {
    const failed = sim.recordDelivery({ guid: "g-1", event: "push", statusCode: 503 });
    expect((await client.api(`/app/hook/deliveries/${failed.id}/attempts`, { method: "POST" })).status).toBe(401);
    expect((await asApp("/app/hook/deliveries/5/attempts", "POST")).status).toBe(404);
    expect(sim.redeliveries()).toEqual([]);
    expect(sim.deliveries()).toHaveLength(1);
  });

  it("with a webhook target, a delivery with a payload is really redelivered: same guid, signed, the app's answer recorded", async () => {
    const received: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
    const app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    try {
      sim.setWebhookTarget({ url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/github/webhooks`, secret: "dev" });
      const payload = { action: "created", comment: { body: "/rollback v0.1.0" } };
      const failed = sim.recordDelivery({ guid: "g-9", event: "issue_comment", action: "created", statusCode: 503, payload });
      expect((await asApp(`/app/hook/deliveries/${failed.id}/attempts`, "POST")).status).toBe(202);
      const attempt = await eventually(() => {
        const recorded = sim.redeliveries()[0];
        if (!recorded?.redelivery) throw new Error("not redelivered yet");
        return recorded;
      });
      expect(attempt.redelivery).toMatchObject({ guid: "g-9", redelivery: true, status_code: 202, status: "OK" });
      expect(received).toHaveLength(1);
      const [request] = received;
      expect(JSON.parse(request!.body)).toEqual(payload);
      expect(request!.headers).toMatchObject({ "x-github-delivery": "g-9", "x-github-event": "issue_comment", "x-hub-signature-256": `sha256=${createHmac("sha256", "dev").update(request!.body).digest("hex")}` });
    } finally {
      app.close();
    }
  });

  it("an unreachable target is recorded as a failed attempt (status_code 0)", async () => {
    sim.setWebhookTarget({ url: "http://127.0.0.1:1/unreachable", secret: "dev" });
    const failed = sim.recordDelivery({ guid: "g-1", event: "push", statusCode: 503, payload: {} });
    await asApp(`/app/hook/deliveries/${failed.id}/attempts`, "POST");
    const attempt = await eventually(() => {
      const recorded = sim.redeliveries()[0];
      if (!recorded?.redelivery) throw new Error("not yet");
      return recorded;
    });
    expect(attempt.redelivery).toMatchObject({ status_code: 0, status: "timed out" });
  });
});
