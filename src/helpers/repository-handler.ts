import type { Context } from "probot";
import type { EmitterWebhookEventName } from "@octokit/webhooks";
import { loadConfig, type ConfigProblem } from "../config/load-config.js";
import type { AnvilConfig } from "../config/schema.js";
import type { AppIdentity } from "../github/app-identity.js";
import { useConditionalRequests } from "../github/conditional-requests.js";
import { retrySecondaryRateLimits } from "../github/secondary-rate-limit.js";
import type { GitHub, RepoRef } from "../github/types.js";
import { runInBackground } from "./background-work.js";
import { serializePerRepository } from "./serialize-per-key.js";

/** Everything a handler needs about the repository an event concerns. */
export interface RepositoryEvent<E extends EmitterWebhookEventName> {
  context: Context<E>;
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
}

export interface HandlerOptions<E extends EmitterWebhookEventName> {
  /** Cheap, request-free test on the payload: events it rejects cost no GitHub request at all. */
  relevant: (context: Context<E>) => boolean;
  /** What to do when the configuration is broken (default: nothing beyond the log). */
  onConfigProblem?: (context: Context<E>, problem: ConfigProblem, identity: AppIdentity) => Promise<void>;
}

/** A payload that lacks what a real one of its kind carries is not for Anvil: ignored, never a 500. */
function isRelevant<E extends EmitterWebhookEventName>(relevant: (context: Context<E>) => boolean, context: Context<E>): boolean {
  try {
    return relevant(context);
  } catch (error) {
    context.log.warn({ err: error, delivery: context.id, event: context.name }, "ignored a webhook whose payload lacks fields GitHub always sends for this event (forged or truncated?)");
    return false;
  }
}

/**
 * The thin shell around every repository-scoped handler: filter on the payload, then, after the
 * webhook is acknowledged (see background-work), serialise per repository (so concurrent
 * deliveries cannot race each other into duplicates), load and validate config, honour the
 * `enabled` switch, and hand over. Logging carries the delivery id and the actor.
 */
export function repositoryHandler<E extends EmitterWebhookEventName>(
  identity: () => Promise<AppIdentity>,
  options: HandlerOptions<E>,
  handle: (event: RepositoryEvent<E>) => Promise<void>,
) {
  return async (context: Context<E>): Promise<void> => {
    const payload = context.payload as { repository?: { owner?: { login?: string }; name?: string }; sender?: { login?: string } };
    if (!payload.repository?.owner?.login || !payload.repository.name || !isRelevant(options.relevant, context)) return;
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    context.log = context.log.child({ delivery: context.id, event: context.name, actor: payload.sender?.login, repository: `${repo.owner}/${repo.repo}` });
    retrySecondaryRateLimits(context.octokit);
    useConditionalRequests(context.octokit);

    const log = context.log;
    await runInBackground(() => serializePerRepository(`${repo.owner}/${repo.repo}`, async () => {
      const me = await identity();
      const loaded = await loadConfig(context.octokit, repo);
      if (!loaded.ok) {
        context.log.warn({ problem: loaded.problem }, "configuration invalid; not acting on this repository");
        await options.onConfigProblem?.(context, loaded.problem, me);
        return;
      }
      if (!loaded.config.enabled) {
        context.log.debug("Anvil is disabled for this repository");
        return;
      }
      await handle({ context, octokit: context.octokit, repo, config: loaded.config, identity: me });
    }), log);
  };
}
