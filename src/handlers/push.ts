import type { Context } from "probot";
import { isConfigProblem, reportConfigProblem, resolveConfigProblem } from "../shell/config/report-config-problem.js";
import { loadTemplate } from "../shell/config/load-template.js";
import { ownChecklists, planPush } from "../checklists/plan-push.js";
import { checkRunReport, checklistItems, fillPlaceholders, renderNewChecklist, refreshBody, type CommitSummary } from "../checklists/render-checklist.js";
import type { AppIdentity } from "../github/app-identity.js";
import { createCheckRun } from "../github/check-runs.js";
import { createIssue, findOwnIssues, updateIssue } from "../github/issues.js";
import { ensureLabel } from "../github/labels.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { readChecklistState } from "../checklists/checklist-state.js";

type PushPayload = Context<"push">["payload"];

/** Only pushes of commits to the default branch matter; tags, deletions and other branches cost nothing. */
export function isDefaultBranchPush(payload: PushPayload): boolean {
  return (
    payload.ref === `refs/heads/${payload.repository.default_branch}` &&
    !payload.deleted &&
    payload.after !== "0000000000000000000000000000000000000000" &&
    Boolean(payload.head_commit)
  );
}

export function pushedCommits(payload: PushPayload): CommitSummary[] {
  return payload.commits.map((commit) => ({
    sha: commit.id,
    message: commit.message,
    ...(commit.author.username ? { author: commit.author.username } : {}),
  }));
}

export function onPush(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"push">(
    identity,
    {
      relevant: (context) => isDefaultBranchPush(context.payload),
      onConfigProblem: async (context, problem, me, markers) => {
        await reportConfigProblem(context.octokit, context.repo(), me.botLogin, markers, problem, "anvil");
      },
    },
    async ({ context, octokit, repo, config, identity: me, markers }) => {
      const { payload } = context;
      if (config.checklists.ignoreBotPushes && (isBotAccount(payload.sender) || payload.pusher.name?.endsWith("[bot]"))) {
        context.log.debug("push by a bot ignored (checklists.ignoreBotPushes)");
        return;
      }
      const headSha = payload.after;
      const branch = payload.repository.default_branch;
      const issues = await findOwnIssues(octokit, repo, me.botLogin, (issue) => (issue.state === "open" && isConfigProblem(issue, markers)) || readChecklistState(issue.body, markers)?.type === "pre-release");
      await resolveConfigProblem(octokit, repo, markers, issues.filter((issue) => isConfigProblem(issue, markers)));
      const plan = planPush(ownChecklists(issues, markers), { headSha, branch, commits: pushedCommits(payload) }, markers);

      if (plan.action === "none") {
        context.log.info(`push: nothing to do (${plan.reason})`);
        return;
      }

      if (plan.action === "update") {
        const checkRunId = await createCheckRun(octokit, repo, headSha, checkRunReport(plan.items, plan.issue.htmlUrl));
        const state = { ...plan.state, checkRunId, checkRunComplete: checkRunReport(plan.items).complete };
        await updateIssue(octokit, repo, plan.issue.number, { body: refreshBody(markers, plan.body, state) });
        context.log.info({ issue: plan.issue.number, sha: headSha }, "pre-release checklist moved to the new head commit");
        return;
      }

      const template = await loadTemplate(octokit, repo, config, "pre-release");
      if (!template.ok) {
        await reportConfigProblem(octokit, repo, me.botLogin, markers, template.problem, config.labels.configError);
        return;
      }
      const repository = `${repo.owner}/${repo.repo}`;
      const filled = fillPlaceholders(template.template, { repository });
      await ensureLabel(octokit, repo, config.labels.preRelease, "Release checklist tracked by Anvil");
      const report = checkRunReport(checklistItems(filled));
      const checkRunId = await createCheckRun(octokit, repo, headSha, report);
      const state = { ...plan.state, checkRunId, checkRunComplete: report.complete };
      const issue = await createIssue(octokit, repo, {
        title: fillPlaceholders(config.checklists.preRelease.title, { repository }),
        body: renderNewChecklist({ markers, state, template: filled, commits: plan.commits }),
        labels: [config.labels.preRelease],
      });
      context.log.info({ issue: issue.number, sha: headSha }, "pre-release checklist opened");
    },
  );
}
