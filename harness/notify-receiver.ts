import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A local stand-in for a Slack-compatible incoming webhook (`ANVIL_NOTIFY_URL`): keeps every JSON body posted to it. */
export interface NotifyReceiver {
  /** Where to post; `path` is appended so tests can check the URL (a secret in real life) is never logged. */
  urlWith(path: string): string;
  received: unknown[];
  close(): Promise<void>;
}

export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(body) as unknown);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlWith: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
