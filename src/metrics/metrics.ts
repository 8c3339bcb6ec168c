import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Everything `GET /metrics` reports (Prometheus text format). */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/**
 * Deliveries by event and outcome: `ignored` (not Anvil's business), `queued`, `refused` (503:
 * the queue could not take it), then per run of its work `done` or `failed` (a retried job counts
 * each failed run).
 */
export const deliveries = new Counter({
  name: "anvil_deliveries_total",
  help: "Webhook deliveries by event and outcome (ignored, queued, refused, done, failed)",
  labelNames: ["event", "outcome"] as const,
  registers: [registry],
});

export const jobLatency = new Histogram({
  name: "anvil_job_latency_seconds",
  help: "From the webhook's arrival (its job's creation) to the end of its work",
  labelNames: ["event", "outcome"] as const,
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
  registers: [registry],
});

export const githubRequests = new Counter({
  name: "anvil_github_requests_total",
  help: "Requests to GitHub by method and status (0: no answer)",
  labelNames: ["method", "status"] as const,
  registers: [registry],
});

export const rateLimitRemaining = new Gauge({
  name: "anvil_github_rate_limit_remaining",
  help: "x-ratelimit-remaining of the last GitHub answer, per installation",
  labelNames: ["installation"] as const,
  registers: [registry],
});

export const redeliveriesRequested = new Counter({
  name: "anvil_redeliveries_requested_total",
  help: "Redeliveries the redelivery pass asked GitHub for, by event",
  labelNames: ["event"] as const,
  registers: [registry],
});

/** Jobs by state, read from the work queue when scraped. */
export function reportQueueDepth(depth: () => Promise<Record<string, number>>): void {
  registry.removeSingleMetric("anvil_queue_jobs");
  new Gauge({
    name: "anvil_queue_jobs",
    help: "Jobs in the work queue by state (in-process: active only)",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await depth().catch(() => ({}) as Record<string, number>);
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
