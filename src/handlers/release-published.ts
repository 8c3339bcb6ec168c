import { isConfigProblem, reportConfigProblem, resolveConfigProblem } from "../shell/config/report-config-problem.js";
import { readChecklistState } from "../checklists/checklist-state.js";
import { loadTemplate } from "../shell/config/load-template.js";
import { ownChecklists } from "../checklists/plan-push.js";
import { planRelease } from "../checklists/plan-release.js";
import { checkRunReport, checklistItems, fillPlaceholders, renderNewChecklist } from "../checklists/render-checklist.js";
import type { AppIdentity } from "../github/app-identity.js";
import { createCheckRun } from "../github/check-runs.js";
import { createIssue, findOwnIssues, updateIssue } from "../github/issues.js";
import { ensureLabel } from "../github/labels.js";
import { resolveCommit } from "../github/commits.js";
import { repositoryHandler } from "../runtime/repository-handler.js";

export function onReleasePublished(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"release.published">(
    identity,
    {
      relevant: (context) => !context.payload.release.draft,
      onConfigProblem: async (context, problem, me, markers) => {
        await reportConfigProblem(context.octokit, context.repo(), me.botLogin, markers, problem, "anvil");
      },
    },
    async ({ context, octokit, repo, config, identity: me, markers }) => {
      const { release } = context.payload;
      if (release.prerelease && !config.checklists.prereleases) {
        context.log.debug(`pre-release ${release.tag_name} ignored (checklists.prereleases is off)`);
        return;
      }
      const tag = release.tag_name;
      const issues = await findOwnIssues(octokit, repo, me.botLogin, (issue) => (issue.state === "open" && isConfigProblem(issue, markers)) || readChecklistState(issue.body, markers) !== undefined);
      await resolveConfigProblem(octokit, repo, markers, issues.filter((issue) => isConfigProblem(issue, markers)));
      const plan = planRelease(ownChecklists(issues, markers), tag, markers);

      if (plan.link) {
        await updateIssue(octokit, repo, plan.link.issue.number, {
          body: plan.link.body,
          ...(plan.link.issue.state === "open" ? { state: "closed" as const, state_reason: plan.link.complete ? ("completed" as const) : ("not_planned" as const) } : {}),
        });
        context.log.info({ issue: plan.link.issue.number, tag, complete: plan.link.complete }, "pre-release checklist linked to the release");
      }
      if (!plan.createReleaseChecklist) {
        context.log.info(`release checklist for ${tag} already exists`);
        return;
      }

      const template = await loadTemplate(octokit, repo, config, "release");
      if (!template.ok) {
        await reportConfigProblem(octokit, repo, me.botLogin, markers, template.problem, config.labels.configError);
        return;
      }
      const repository = `${repo.owner}/${repo.repo}`;
      const filled = fillPlaceholders(template.template, { tag, repository });
      const sha = await resolveCommit(octokit, repo, tag);
      const report = checkRunReport(checklistItems(filled));
      const checkRunId = sha ? await createCheckRun(octokit, repo, sha, report) : undefined;
      await ensureLabel(octokit, repo, config.labels.release, "Release checklist tracked by Anvil");
      const issue = await createIssue(octokit, repo, {
        title: fillPlaceholders(config.checklists.release.title, { tag, repository }),
        body: renderNewChecklist({
          markers,
          state: { type: "release", tag, ...(sha ? { sha } : {}), ...(checkRunId ? { checkRunId, checkRunComplete: report.complete } : {}) },
          template: filled,
        }),
        labels: [config.labels.release],
      });
      context.log.info({ issue: issue.number, tag }, "release checklist opened");
    },
  );
}
