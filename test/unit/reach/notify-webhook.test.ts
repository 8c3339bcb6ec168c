import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { notifyInBackground } from "../../../src/notify/notify.js";
import { deliverWebhook } from "../../../src/notify/webhook.js";
import { notifyUrlFromEnv } from "../../../src/runtime/notify-url.js";
import { drainBackgroundWork } from "../../../src/runtime/background-work.js";

/** A local receiver on 127.0.0.1 answering each request with the next behaviour in line. */
interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: unknown;
}
type Behaviour = number | { status: number; headers?: Record<string, string> } | "hang" | ((res: ServerResponse) => void);

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))));
});

async function receiver(behaviours: Behaviour[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(text) as unknown });
      const behaviour = behaviours.shift() ?? 200;
      if (behaviour === "hang") return;
      if (typeof behaviour === "function") return behaviour(res);
      const { status, headers } = typeof behaviour === "number" ? { status: behaviour, headers: {} } : behaviour;
      res.writeHead(status, headers).end("ok");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/SECRETsecret`, received };
}

function recordingLog() {
  const lines: Array<{ level: string; object: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (object: Record<string, unknown>, message: string) => lines.push({ level, object, message });
  // The shape of the calls webhook.ts makes: (object, message).
  return { lines, log: { info: at("info"), warn: at("warn"), error: at("error") } as unknown as Pick<Logger, "info" | "warn" | "error"> };
}

const message = { text: "acme/widgets: v0.1.0 has been revoked", blocks: [] };
const fast = { backoffMs: 5, maxBackoffMs: 50 };

describe("direct webhook delivery", () => {
  it("POSTs the JSON message once when the receiver accepts it", async () => {
    const { url, received } = await receiver([200]);
    const { log } = recordingLog();
    expect(await deliverWebhook(url, message, log, fast)).toEqual({ delivered: true, attempts: 1 });
    expect(received).toEqual([{ method: "POST", path: "/services/T000/B000/SECRETsecret", contentType: "application/json", body: message }]);
  });

  it("retries 5xx and 429 (honouring a bounded Retry-After) until it is accepted", async () => {
    const { url, received } = await receiver([503, { status: 429, headers: { "retry-after": "0" } }, 500, 200]);
    const { log } = recordingLog();
    expect(await deliverWebhook(url, message, log, { ...fast, attempts: 5 })).toEqual({ delivered: true, attempts: 4 });
    expect(received).toHaveLength(4);
  });

  it("gives up after the bounded number of attempts", async () => {
    const { url, received } = await receiver([500, 500, 500, 500, 500]);
    const { log, lines } = recordingLog();
    expect(await deliverWebhook(url, message, log, { ...fast, attempts: 3 })).toEqual({ delivered: false, attempts: 3, lastError: "HTTP 500" });
    expect(received).toHaveLength(3);
    expect(lines.at(-1)?.message).toContain("giving up");
  });

  it("does not retry a refusal (4xx other than 429)", async () => {
    const { url, received } = await receiver([404, 200]);
    const { log } = recordingLog();
    expect(await deliverWebhook(url, message, log, fast)).toEqual({ delivered: false, attempts: 1, lastError: "HTTP 404" });
    expect(received).toHaveLength(1);
  });

  it("retries a receiver that does not answer in time, and one that is not listening", async () => {
    const { url, received } = await receiver(["hang", 200]);
    const { log } = recordingLog();
    expect(await deliverWebhook(url, message, log, { ...fast, timeoutMs: 100 })).toEqual({ delivered: true, attempts: 2 });
    expect(received).toHaveLength(2);

    const closed = await receiver([]);
    const port = new URL(closed.url).port;
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const result = await deliverWebhook(`http://127.0.0.1:${port}/hook`, message, log, { ...fast, attempts: 2 });
    expect(result).toEqual({ delivered: false, attempts: 2, lastError: "ECONNREFUSED" });
  });

  it("never logs the URL or any part of its path, whatever happens", async () => {
    const { url } = await receiver([500, "hang", 404]);
    const { log, lines } = recordingLog();
    await deliverWebhook(url, message, log, { ...fast, timeoutMs: 100 });
    await deliverWebhook(`${url.replace(/:\d+\//, ":1/")}`, message, log, { ...fast, attempts: 2 });
    await deliverWebhook("http://127.0.0.1:1/x?token=SECRETquery", message, log, { ...fast, attempts: 1 });
    const logged = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(3);
    expect(logged).not.toMatch(/SECRET|services|T000|B000|127\.0\.0\.1/);
  });

  it("in the background: returns at once, delivers afterwards, drained like other background work", async () => {
    let release: (() => void) | undefined;
    const { url, received } = await receiver([(res) => (release = () => res.writeHead(200).end())]);
    const { log, lines } = recordingLog();
    expect(notifyInBackground(message, log, { ...fast, url })).toBe(true);
    expect(lines).toEqual([]); // nothing delivered yet: the caller went on
    await expect.poll(() => received.length).toBe(1);
    release?.();
    await drainBackgroundWork();
    expect(lines.map((line) => line.message)).toEqual(["notification webhook delivered"]);
  });

  it("does nothing without ANVIL_NOTIFY_URL; only http(s) URLs count", () => {
    const { log, lines } = recordingLog();
    expect(notifyInBackground(message, log, { url: notifyUrlFromEnv({}) })).toBe(false);
    expect(lines).toEqual([]);
    expect(notifyUrlFromEnv({ ANVIL_NOTIFY_URL: "https://hooks.slack.com/services/x" })).toBe("https://hooks.slack.com/services/x");
    expect(notifyUrlFromEnv({ ANVIL_NOTIFY_URL: "  " })).toBeUndefined();
    expect(notifyUrlFromEnv({ ANVIL_NOTIFY_URL: "file:///etc/passwd" })).toBeUndefined();
    expect(notifyUrlFromEnv({ ANVIL_NOTIFY_URL: "not a url" })).toBeUndefined();
  });
});
