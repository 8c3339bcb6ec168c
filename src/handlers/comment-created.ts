import type { Context } from "probot";
import type { AppIdentity } from "../github/app-identity.js";
import { getTagCommit } from "../github/git-refs.js";
import { commentOnIssue, listOwnComments, updateComment } from "../github/issues.js";
import { getRepositoryRole } from "../github/permissions.js";
import { reactToComment } from "../github/reactions.js";
import { getReleaseByTag, listRecentReleases, type ReleaseSnapshot } from "../github/releases.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { renderConfigProblemReply } from "../messages/config-problem.js";
import { renderHelp, renderInvalid, renderNotARelease, renderTagNotFound, renderUnauthorized } from "../messages/rollback.js";
import { executeRollback } from "../rollback/execute.js";
import { findCommandLines } from "../markdown/find-commands.js";
import { parseCommand, type RollbackRequest } from "../rollback/parse-command.js";
import { sameVersion, tagCandidates } from "../versions/versions.js";
import { isPlanFresh, planRollback, readRollbackState, renderStatusComment, type RollbackPlan, type RollbackState } from "../rollback/plan.js";

type CommentPayload = Context<"issue_comment.created">["payload"];

/** Cheap, request-free filter: a human's comment holding a command line. */
export function hasCommand(payload: CommentPayload): boolean {
  return !isBotAccount(payload.sender) && !isBotAccount(payload.comment.user) && findCommandLines(payload.comment.body).length > 0;
}

export function onCommentCreated(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"issue_comment.created">(
    identity,
    {
      relevant: (context) => hasCommand(context.payload),
      onConfigProblem: async (context, problem) => {
        await commentOnIssue(context.octokit, context.repo(), context.payload.issue.number, renderConfigProblemReply(problem));
      },
    },
    async ({ context, octokit, repo, config, identity: me, markers }) => {
      const { comment, issue, sender } = context.payload;
      const reply = (body: string) => commentOnIssue(octokit, repo, issue.number, body);
      const [line] = findCommandLines(comment.body);
      if (!line) return;
      const command = parseCommand(line);
      if (command.kind === "help") return void (await reply(renderHelp(config.rollback.allowedRoles, config.rollback.confirm, config.rollback.planTtlMinutes)));
      if (command.kind === "invalid") return void (await reply(renderInvalid(command.message)));

      const role = await getRepositoryRole(octokit, repo, sender.login);
      if (!config.rollback.allowedRoles.includes(role)) {
        context.log.info({ role }, "/rollback refused: role not allowed");
        return void (await reply(renderUnauthorized(sender.login, role, config.rollback.allowedRoles)));
      }

      // Everything Anvil said on this issue about rollbacks: plans and their progress.
      const states = (await listOwnComments(octokit, repo, issue.number, me.botLogin))
        .map((own) => ({ id: own.id, state: readRollbackState(own.body, markers) }))
        .filter((entry): entry is { id: number; state: RollbackState } => entry.state !== undefined);
      if (states.some((entry) => entry.state.commandCommentIds.includes(comment.id))) {
        context.log.info("command already handled (redelivery)");
        return;
      }
      await reactToComment(octokit, repo, comment.id, "eyes");

      const now = new Date();
      const execute = !command.dryRun && (command.confirm || !config.rollback.confirm);
      const latest = [...states].reverse().find((entry) => sameVersion(entry.state.plan.tag, command.tag));
      const resumable =
        execute && latest && latest.state.phase !== "done" && latest.state.phase !== "aborted" &&
        (latest.state.phase !== "planned" || isPlanFresh(latest.state.plan, config.rollback.planTtlMinutes, now));

      if (execute && latest?.state.phase === "done") {
        await reply(`The rollback of \`${latest.state.plan.tag}\` is already complete; nothing was repeated.`);
        return;
      }

      let statusCommentId: number;
      let state: RollbackState;
      let plannedNow = false;
      if (resumable && latest) {
        ({ id: statusCommentId, state } = latest);
      } else {
        const planned = await buildPlan(command, issue.number, sender.login, now);
        if ("refusal" in planned) return void (await reply(planned.refusal));
        state = { phase: "planned", plan: planned.plan, commandCommentIds: [comment.id], outcomes: {}, warnings: [], audit: [{ at: now.toISOString(), actor: sender.login, text: `planned (${command.dryRun ? "dry run" : execute ? "executing at once" : "awaiting --confirm"})` }] };
        const confirmNote =
          execute && config.rollback.confirm
            ? `\n\n_${latest ? "The earlier plan expired" : "There was no recent plan for this tag on this issue"}: this is a fresh plan. Check it, then comment \`/rollback ${planned.plan.tag} --confirm\`._`
            : "";
        const body = renderStatusComment(markers, state, { confirmRequired: config.rollback.confirm && !command.dryRun, ttlMinutes: config.rollback.planTtlMinutes }) + confirmNote;
        statusCommentId = (await reply(body)).id;
        context.log.info({ tag: planned.plan.tag, steps: planned.plan.steps }, "rollback planned");
        // With confirmation on, a command without a usable plan only plans.
        if (!execute || config.rollback.confirm) return;
        plannedNow = true;
      }

      // Before changing anything: the tag must still point where the plan said (a plan made by
      // this very delivery read the tag a moment ago).
      if (!plannedNow && !state.outcomes["delete-tag"] && !state.plan.immutable) {
        const current = await getTagCommit(octokit, repo, state.plan.tag);
        if (current !== undefined && current !== state.plan.commitSha) {
          state.phase = "aborted";
          state.warnings.push(`Tag \`${state.plan.tag}\` now points to \`${current}\`, not to the planned \`${state.plan.commitSha}\`. Nothing was changed; run \`/rollback ${state.plan.tag}\` again to plan afresh.`);
          state.commandCommentIds.push(comment.id);
          await updateComment(octokit, repo, statusCommentId, renderStatusComment(markers, state, { confirmRequired: config.rollback.confirm, ttlMinutes: config.rollback.planTtlMinutes }));
          await reactToComment(octokit, repo, comment.id, "confused");
          return;
        }
      }
      state.commandCommentIds.push(comment.id);
      state.audit.push({ at: now.toISOString(), actor: sender.login, text: `confirmed${Object.keys(state.outcomes).length > 0 ? " (resuming)" : ""}` });
      await executeRollback({ octokit, repo, config, identity: me, log: context.log, markers, state, statusCommentId, commandCommentId: comment.id, actor: sender.login, now: () => new Date() });

      async function buildPlan(request: RollbackRequest, issueNumber: number, requestedBy: string, at: Date): Promise<{ refusal: string } | { plan: RollbackPlan }> {
        const releases = await listRecentReleases(octokit, repo);
        let release: ReleaseSnapshot | undefined = releases.find((candidate) => tagCandidates(request.tag).includes(candidate.tag));
        for (const tag of release ? [] : tagCandidates(request.tag)) {
          release = await getReleaseByTag(octokit, repo, tag);
          if (release) break;
        }
        if (!release) return { refusal: renderTagNotFound(request.tag) };
        if (release.draft) return { refusal: renderNotARelease(release.tag, "it is a draft, not a published release") };
        const commitSha = (await getTagCommit(octokit, repo, release.tag)) ?? "";
        return { plan: planRollback({ request, release, releases, commitSha, config, requestedBy, issueNumber, now: at }) };
      }
    },
  );
}
