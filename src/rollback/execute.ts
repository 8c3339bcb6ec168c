import type { Logger } from "probot";
import type { AnvilConfig } from "../config/schema.js";
import type { AppIdentity } from "../github/app-identity.js";
import { updateComment } from "../github/issues.js";
import { reactToComment } from "../github/reactions.js";
import { describeError, type GitHub, type RepoRef } from "../github/types.js";
import type { MarkerCodec } from "../markers/codec.js";
import { remainingSteps, renderStatusComment, type RollbackState } from "./plan.js";
import { listOwnIssuesOnce, loadManifestOnce, STEPS, type StepContext } from "./steps.js";

export interface ExecuteInput {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  log: Logger;
  markers: MarkerCodec;
  state: RollbackState;
  statusCommentId: number;
  commandCommentId: number;
  actor: string;
  now: () => Date;
}

/**
 * Run the steps of a confirmed plan that are not done yet, in order. This is the only place a
 * rollback changes anything: planning and dry runs never reach it. After each step the one status
 * comment is updated (its marker holds the outcomes, so a later `--confirm` resumes exactly here).
 * The first failure stops the run.
 */
export async function executeRollback(input: ExecuteInput): Promise<RollbackState> {
  const { octokit, repo, config, identity, log, state, markers } = input;
  const ctx: StepContext = {
    octokit,
    repo,
    config,
    identity,
    state,
    log,
    markers,
    manifest: loadManifestOnce(octokit, repo, config),
    ownIssues: listOwnIssuesOnce(octokit, repo, identity, markers, state.plan.tag),
  };
  const save = () => updateComment(octokit, repo, input.statusCommentId, renderStatusComment(markers, state, { confirmRequired: config.rollback.confirm, ttlMinutes: config.rollback.planTtlMinutes }));

  state.phase = "running";
  const steps = remainingSteps(state);
  for (const [index, step] of steps.entries()) {
    const at = input.now().toISOString();
    try {
      const result = await STEPS[step](ctx);
      state.outcomes[step] = { ...result, at };
      state.audit.push({ at, actor: input.actor, text: `${step}: ${result.status} (${result.detail})` });
      log.info({ step, status: result.status, detail: result.detail }, "rollback step finished");
    } catch (error) {
      const detail = describeError(error);
      state.outcomes[step] = { status: "failed", detail, at };
      state.audit.push({ at, actor: input.actor, text: `${step}: failed (${detail})` });
      state.phase = "failed";
      log.error({ step, err: detail }, "rollback step failed; stopping");
      await save();
      await reactToComment(octokit, repo, input.commandCommentId, "confused");
      return state;
    }
    if (index < steps.length - 1) await save(); // the last step's outcome goes out with "done" below
  }
  state.phase = "done";
  await save();
  await reactToComment(octokit, repo, input.commandCommentId, "rocket");
  return state;
}
