import type { Context } from "probot";
import type { EmitterWebhookEventName } from "@octokit/webhooks";
import { loadConfig, type ConfigProblem } from "../shell/config/load-config.js";
import { resolveOrganizationConfigProblem } from "../shell/config/report-config-problem.js";
import type { AnvilConfig } from "../config/schema.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { GitHub, RepoRef } from "../github/types.js";
import { markerCodec, type MarkerCodec } from "../markers/codec.js";
import { deliveries, jobLatency } from "../metrics/metrics.js";
import { runningJob, workQueue } from "../queue/work-queue.js";

/** Everything a handler needs about the repository an event concerns. */
export interface RepositoryEvent<E extends EmitterWebhookEventName> {
  context: Context<E>;
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  /** Signed hidden markers of this repository. */
  markers: MarkerCodec;
}

export interface HandlerOptions<E extends EmitterWebhookEventName> {
  /** Cheap, request-free test on the payload: events it rejects cost no GitHub request at all. */
  relevant: (context: Context<E>, markers: MarkerCodec) => boolean;
  /** What to do when the configuration is broken (default: nothing beyond the log). */
  onConfigProblem?: (context: Context<E>, problem: ConfigProblem, identity: AppIdentity, markers: MarkerCodec) => Promise<void>;
}

/** A payload that lacks what a real one of its kind carries is not for Anvil: ignored, never a 500. */
function isRelevant<E extends EmitterWebhookEventName>(relevant: HandlerOptions<E>["relevant"], context: Context<E>): boolean {
  try {
    const { repository } = context.payload as { repository: { id: number } };
    return relevant(context, markersOf(repository));
  } catch (error) {
    context.log.warn({ err: error, delivery: context.id, event: context.name }, "ignored a webhook whose payload lacks fields GitHub always sends for this event (forged or truncated?)");
    return false;
  }
}

/** Markers are bound to the repository id, which survives renames and transfers. */
function markersOf(repository: { id: number }): MarkerCodec {
  return markerCodec(String(repository.id));
}

/**
 * The thin shell around every repository-scoped handler: filter on the payload, then hand the work
 * to the work queue (src/queue/), which answers the webhook and runs the work one delivery at a
 * time per repository (so concurrent deliveries cannot race each other into duplicates): load and
 * validate config, honour the `enabled` switch, and hand over. When a queue worker runs the
 * delivery (Redis mode), the work runs right away: the worker holds the repository's lock.
 * Logging carries the delivery id and the actor.
 */
export function repositoryHandler<E extends EmitterWebhookEventName>(
  identity: () => Promise<AppIdentity>,
  options: HandlerOptions<E>,
  handle: (event: RepositoryEvent<E>) => Promise<void>,
) {
  return async (context: Context<E>): Promise<void> => {
    const payload = context.payload as { repository?: { id?: number; owner?: { login?: string }; name?: string }; sender?: { login?: string }; installation?: { id?: number } };
    const arrivedAt = Date.now();
    if (typeof payload.repository?.id !== "number" || !payload.repository.owner?.login || !payload.repository.name || !isRelevant(options.relevant, context)) {
      deliveries.inc({ event: context.name, outcome: "ignored" });
      return;
    }
    const markers = markersOf({ id: payload.repository.id });
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    context.log = context.log.child({ delivery: context.id, event: context.name, actor: payload.sender?.login, repository: `${repo.owner}/${repo.repo}` });

    const act = async () => {
      const me = await identity();
      const loaded = await loadConfig(context.octokit, repo);
      if (!loaded.ok) {
        context.log.warn({ problem: loaded.problem }, "configuration invalid; not acting on this repository");
        await options.onConfigProblem?.(context, loaded.problem, me, markers);
        return;
      }
      // The organization's own file is fine again: close its problem issue (whatever `enabled` says).
      if (repo.repo === ".github") await resolveOrganizationConfigProblem(context.octokit, repo, me.botLogin, markers);
      if (!loaded.config.enabled) {
        context.log.debug("Anvil is disabled for this repository");
        return;
      }
      await handle({ context, octokit: context.octokit, repo, config: loaded.config, identity: me, markers });
    };
    const work = async () => {
      const since = runningJob.getStore()?.enqueuedAt ?? arrivedAt;
      let outcome = "failed";
      try {
        await act();
        outcome = "done";
      } finally {
        deliveries.inc({ event: context.name, outcome });
        jobLatency.observe({ event: context.name, outcome }, (Date.now() - since) / 1000);
      }
    };
    // A queue worker already runs this delivery (Redis mode) and holds the repository's lock.
    if (runningJob.getStore()) return work();
    const item = { deliveryId: context.id, eventName: context.name, payload: context.payload, installationId: payload.installation?.id, serializationKey: String(payload.repository.id) };
    try {
      await workQueue().enqueue(item, work, context.log);
    } catch (error) {
      deliveries.inc({ event: context.name, outcome: "refused" });
      throw error;
    }
    deliveries.inc({ event: context.name, outcome: "queued" });
  };
}
