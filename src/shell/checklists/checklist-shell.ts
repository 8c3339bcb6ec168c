import type { Logger } from "pino";
import type { EmitterWebhookEventName } from "@octokit/webhooks";
import type { AnvilConfig } from "../../config/schema.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import type { RepositoryEvent } from "../../runtime/repository-handler.js";

/** What every checklist step needs: where to act, as whom, with which configuration. */
export interface ChecklistShell {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  botLogin: string;
  markers: MarkerCodec;
  log: Logger;
  /** The clock (a drill is due after so many days). */
  now: () => Date;
}

export function checklistShell<E extends EmitterWebhookEventName>(event: RepositoryEvent<E>): ChecklistShell {
  return { octokit: event.octokit, repo: event.repo, config: event.config, botLogin: event.identity.botLogin, markers: event.markers, log: event.context.log, now: () => new Date() };
}
