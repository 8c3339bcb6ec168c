import type { EmitterWebhookEvent } from "@octokit/webhooks";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { createAppIdentityResolver } from "./github/app-identity.js";
import { finishWorkBeforeExit, stopForRestart } from "./runtime/background-work.js";
import { enforceStartupChecks } from "./runtime/startup-checks.js";
import { configureMarkerSigning } from "./markers/codec.js";
import { loadOnFirstUse } from "./runtime/load-on-first-use.js";
import { notifyUrlFromEnv } from "./runtime/notify-url.js";
import { createInProcessQueue } from "./queue/in-process.js";
import { redeliveriesRequested, reportQueueDepth } from "./metrics/metrics.js";
import { metricsAndReadiness } from "./metrics/routes.js";
import { queueSettings, redeliverySettings, type QueueSettings } from "./queue/settings.js";
import { useWorkQueue, type WorkQueue } from "./queue/work-queue.js";

/**
 * Anvil: release checklists that gate the release commit, and an audited `/rollback`.
 * Each handler lives in `handlers/`; what they decide is computed by the pure modules in
 * `checklists/`, `rollback/` and `config/`, and every GitHub call goes through `github/`.
 */
export default async function anvil(app: Probot, options?: Partial<ApplicationFunctionOptions>): Promise<void> {
  // Refuses to start (throws, before the server listens) without a real webhook secret.
  enforceStartupChecks(app.log);
  // Hidden markers are signed with a key derived from a secret only the app holds (see
  // docs/security.md); ANVIL_PREVIOUS_MARKER_SECRETS keeps markers signed before a rotation valid.
  const markerSecret = process.env.ANVIL_MARKER_SECRET || process.env.WEBHOOK_SECRET;
  if (markerSecret) configureMarkerSigning(markerSecret, (process.env.ANVIL_PREVIOUS_MARKER_SECRETS ?? "").split(","));
  const identity = createAppIdentityResolver(app);
  // The direct notification webhook (ANVIL_NOTIFY_URL), parsed once; undefined when not configured.
  const notifyUrl = notifyUrlFromEnv(process.env);
  const settings = queueSettings(process.env);
  const queue = settings.redisUrl ? await createRedisWorkQueue(app, settings, settings.redisUrl) : createInProcessQueue();
  useWorkQueue(queue);
  finishWorkBeforeExit(app.log, (graceMs) => queue.close(graceMs));
  reportQueueDepth(() => queue.depth());

  // Each handler's module (and the configuration, Markdown and /rollback code behind it) is
  // imported on the first event it receives, not at start-up.
  app.on("push", loadOnFirstUse(async () => (await import("./handlers/push.js")).onPush(identity)));
  // `published` covers releases and pre-releases; work is keyed on the tag, so a release that
  // also fires `released` or `created` could not open a second checklist anyway.
  app.on("release.published", loadOnFirstUse(async () => (await import("./handlers/release-published.js")).onReleasePublished(identity, notifyUrl)));
  // `released` (a full release published, or a pre-release promoted to one) resolves rollback incidents.
  app.on("release.released", loadOnFirstUse(async () => (await import("./handlers/release-released.js")).onReleaseReleased(identity, notifyUrl)));
  app.on("issues.edited", loadOnFirstUse(async () => (await import("./handlers/checklist-edited.js")).onChecklistEdited(identity)));
  app.on("issues.closed", loadOnFirstUse(async () => (await import("./handlers/checklist-closed.js")).onChecklistClosed(identity)));
  app.on("issue_comment.created", loadOnFirstUse(async () => (await import("./handlers/on-command-comment.js")).onCommandComment(identity, notifyUrl)));
  // An incident past its severity's deadline is flagged overdue on the next activity on it (and on the next release).
  app.on(["issues", "issue_comment.created"], loadOnFirstUse(async () => (await import("./handlers/incident-activity.js")).onIncidentActivity(identity)));
  startServerServices(app, options, queue);
}

/**
 * What belongs to a running server (`probot run`), not to a Probot a test loads the app into:
 * `GET /metrics` and `GET /ready`, and the redelivery pass.
 */
function startServerServices(app: Probot, options: Partial<ApplicationFunctionOptions> | undefined, queue: WorkQueue): void {
  try {
    if (!options?.addHandler) return;
    options.addHandler(metricsAndReadiness(() => queue.ready()));
  } catch {
    return; // "No server instance": loaded by a test
  }
  const redelivery = redeliverySettings(process.env);
  if (redelivery.intervalMs === 0) return;
  const { redisUrl, prefix } = queueSettings(process.env);
  // The pass's module (and its Redis client) is imported when the first pass is due, so it
  // costs nothing at start-up.
  const firstPass = setTimeout(() => {
    import("./queue/redelivery-pass.js").then(({ inMemoryRedeliveryState, redisRedeliveryState, scheduleRedeliveryPasses }) =>
      scheduleRedeliveryPasses({
        ...redelivery,
        firstDelayMs: 0,
        appOctokit: () => app.auth(),
        // With Redis, replicas share the window, the requests made and a lock: one pass at a time.
        state: redisUrl ? redisRedeliveryState(redisUrl, prefix) : inMemoryRedeliveryState(),
        log: app.log,
        onRequested: (event) => redeliveriesRequested.inc({ event }),
      }),
    ).catch((error: unknown) => app.log.error({ err: error }, "the redelivery pass could not be loaded"));
  }, redelivery.firstDelayMs);
  firstPass.unref();
}

/**
 * REDIS_URL set: the durable BullMQ queue shared by every replica (else in-process work, above).
 * BullMQ and its Redis client are imported only in this mode.
 */
async function createRedisWorkQueue(app: Probot, settings: QueueSettings, url: string): Promise<WorkQueue> {
  const { createRedisQueue } = await import("./queue/redis.js");
  app.log.info({ prefix: settings.prefix, concurrency: settings.concurrency }, "work queue: Redis (BullMQ)");
  return createRedisQueue({
    url,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockMs: settings.lockMs,
    log: app.log,
    // The worker receives the webhook again: Probot rebuilds the context with an installation
    // Octokit for the payload's installation, and the handler shell runs the work right away.
    receive: (item) => app.receive({ id: item.deliveryId, name: item.eventName, payload: item.payload } as EmitterWebhookEvent),
    // A graceful stop with exit status 75: the supervisor (compose's `restart:`, Kubernetes) starts it again.
    onThrottleStateLost: stopForRestart,
  });
}
