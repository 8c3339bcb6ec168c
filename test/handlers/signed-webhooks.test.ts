import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import anvil from "../../src/index.js";
import { drainBackgroundWork } from "../../src/runtime/background-work.js";
import { examplePayload } from "../helpers/fixtures.js";
import { createTestProbot, mockAuth, mockConfig, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

const SECRET = "webhook-secret-for-tests";
let server: Server;
let url: string;

beforeEach(async () => {
  setupNock();
  nock.enableNetConnect("127.0.0.1");
  const probot = createTestProbot({ load: false, secret: SECRET });
  const middleware = await createNodeMiddleware(anvil, { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  teardownNock();
});

function post(event: string, payload: unknown, signature?: string) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": crypto.randomUUID() };
  if (signature !== undefined) headers["x-hub-signature-256"] = signature;
  return fetch(url, { method: "POST", headers, body });
}
const sign = (payload: unknown, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(JSON.stringify(payload)).digest("hex")}`;

describe("webhooks over HTTP through Probot's real middleware", () => {
  it("a correctly signed push is answered 200 at once and then processed", async () => {
    const R = "/repos/Codertocat/Hello-World";
    mockConfig(mockAuth(), "Codertocat", "Hello-World")
      .get(`${R}/issues`).query(true).reply(200, [])
      .get(`${R}/issues`).query((q) => q.labels === "anvil:drill").reply(200, [])
      .post(`${R}/labels`).reply(201, {})
      .post(`${R}/check-runs`).reply(201, { id: 1 })
      .post(`${R}/issues`).reply(201, { number: 1, node_id: "I_1", title: "t", body: "", state: "open", html_url: "x", created_at: "x", labels: [] });
    const payload = examplePayload("push", undefined, 4);
    const response = await post("push", payload, sign(payload));
    expect(response.status).toBe(200);
    await drainBackgroundWork();
    expect(sentWrites().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${R}/labels`, `POST ${R}/check-runs`, `POST ${R}/issues`]);
  });

  it("rejects a wrong signature and a missing one with 400, and sends nothing to GitHub", async () => {
    const payload = examplePayload("push", undefined, 4);
    expect((await post("push", payload, sign(payload, "not-the-secret"))).status).toBe(400);
    expect((await post("push", payload)).status).toBe(400);
    await drainBackgroundWork();
    expect(sent).toEqual([]);
  });
});
