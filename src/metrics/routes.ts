import type { IncomingMessage, ServerResponse } from "node:http";
import { registry } from "./metrics.js";

/**
 * `GET /metrics` (Prometheus) and `GET /ready` (200 when the work queue can take work, 503 when
 * not: Redis down) on the app's own HTTP server. `/ping` (Probot's) stays the liveness check.
 */
export function metricsAndReadiness(ready: () => Promise<boolean>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET") return false;
    const path = req.url?.split("?")[0];
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
      return true;
    }
    if (path === "/ready") {
      const ok = await ready();
      res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "READY\n" : "NOT READY: the work queue (Redis) is unreachable\n");
      return true;
    }
    return false;
  };
}
