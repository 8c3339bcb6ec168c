import type { EmitterWebhookEvent } from "@octokit/webhooks";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { createAppIdentityResolver } from "./github/app-identity.js";
import { finishWorkBeforeExit } from "./runtime/background-work.js";
import { enforceStartupChecks } from "./runtime/startup-checks.js";
import { configureMarkerSigning } from "./markers/codec.js";
import { createInProcessQueue } from "./queue/in-process.js";
import { redeliveriesRequested, reportQueueDepth } from "./metrics/metrics.js";
import { metricsAndReadiness } from "./metrics/routes.js";
import { inMemoryRedeliveryState, redisRedeliveryState, scheduleRedeliveryPasses } from "./queue/redelivery-pass.js";
import { createRedisQueue } from "./queue/redis.js";
import { queueSettings, redeliverySettings } from "./queue/settings.js";
import { useWorkQueue, type WorkQueue } from "./queue/work-queue.js";
import { onPush } from "./handlers/push.js";
import { onReleasePublished } from "./handlers/release-published.js";
import { onChecklistEdited } from "./handlers/checklist-edited.js";
import { onChecklistClosed } from "./handlers/checklist-closed.js";
import { onCommandComment } from "./handlers/on-command-comment.js";
import { onIncidentActivity } from "./handlers/incident-activity.js";

/**
 * Anvil: release checklists that gate the release commit, and an audited `/rollback`.
 * Each handler lives in `handlers/`; what they decide is computed by the pure modules in
 * `checklists/`, `rollback/` and `config/`, and every GitHub call goes through `github/`.
 */
export default function anvil(app: Probot, options?: Partial<ApplicationFunctionOptions>): void {
  // Refuses to start (throws, before the server listens) without a real webhook secret.
  enforceStartupChecks(app.log);
  // Hidden markers are signed with a key derived from a secret only the app holds (see
  // docs/security.md); ANVIL_PREVIOUS_MARKER_SECRETS keeps markers signed before a rotation valid.
  const markerSecret = process.env.ANVIL_MARKER_SECRET || process.env.WEBHOOK_SECRET;
  if (markerSecret) configureMarkerSigning(markerSecret, (process.env.ANVIL_PREVIOUS_MARKER_SECRETS ?? "").split(","));
  const identity = createAppIdentityResolver(app);
  const queue = chooseWorkQueue(app);
  useWorkQueue(queue);
  finishWorkBeforeExit(app.log, (graceMs) => queue.close(graceMs));
  reportQueueDepth(() => queue.depth());
  startServerServices(app, options, queue);

  app.on("push", onPush(identity));
  // `published` covers releases and pre-releases; work is keyed on the tag, so a release that
  // also fires `released` or `created` could not open a second checklist anyway.
  app.on("release.published", onReleasePublished(identity));
  app.on("issues.edited", onChecklistEdited(identity));
  app.on("issues.closed", onChecklistClosed(identity));
  app.on("issue_comment.created", onCommandComment(identity));
  // An incident past its severity's deadline is flagged overdue on the next activity on it (and on the next release).
  app.on(["issues", "issue_comment.created"], onIncidentActivity(identity));
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
  scheduleRedeliveryPasses({
    ...redelivery,
    appOctokit: () => app.auth(),
    // With Redis, replicas share the window, the requests made and a lock: one pass at a time.
    state: redisUrl ? redisRedeliveryState(redisUrl, prefix) : inMemoryRedeliveryState(),
    log: app.log,
    onRequested: (event) => redeliveriesRequested.inc({ event }),
  });
}

/** REDIS_URL set: the durable BullMQ queue shared by every replica; else in-process work. */
function chooseWorkQueue(app: Probot): WorkQueue {
  const settings = queueSettings(process.env);
  if (!settings.redisUrl) return createInProcessQueue();
  app.log.info({ prefix: settings.prefix, concurrency: settings.concurrency }, "work queue: Redis (BullMQ)");
  return createRedisQueue({
    url: settings.redisUrl,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockMs: settings.lockMs,
    log: app.log,
    // The worker receives the webhook again: Probot rebuilds the context with an installation
    // Octokit for the payload's installation, and the handler shell runs the work right away.
    receive: (item) => app.receive({ id: item.deliveryId, name: item.eventName, payload: item.payload } as EmitterWebhookEvent),
    // A graceful stop: the orchestrator (or compose's `restart:`) starts the process again.
    onThrottleStateLost: () => process.kill(process.pid, "SIGTERM"),
  });
}
