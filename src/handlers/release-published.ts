import { reportConfigProblem } from "../shell/config/report-config-problem.js";
import type { AppIdentity } from "../github/app-identity.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { linkRelease } from "../shell/checklists/link-release.js";
import type { IssueSnapshot } from "../github/issues.js";
import { closeTheLoopOnRelease } from "../shell/resolution/on-release.js";

/**
 * `release.published` → link the cycle's checklist to the tag, open the release checklist; and
 * (issue 11) resolve the rollback incidents a fix closes, seen in the same listing of Anvil's issues.
 */
export function onReleasePublished(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"release.published">(
    identity,
    {
      relevant: (context) => !context.payload.release.draft,
      onConfigProblem: async (context, problem, me, markers) => {
        await reportConfigProblem(context.octokit, context.repo(), me.botLogin, markers, problem, "anvil", context.log);
      },
    },
    async (event) => {
      const { release } = event.context.payload;
      if (release.prerelease && !event.config.checklists.prereleases) {
        event.context.log.debug(`pre-release ${release.tag_name} ignored (checklists.prereleases is off)`);
        return;
      }
      const seen: IssueSnapshot[] = [];
      await linkRelease(checklistShell(event), { tag: release.tag_name, publishedAt: release.published_at }, (issue) => seen.push(issue));
      const { octokit, repo, config, identity, markers } = event;
      const fix = { tag: release.tag_name, htmlUrl: release.html_url, draft: release.draft, prerelease: release.prerelease };
      await closeTheLoopOnRelease({ octokit, repo, config, identity, markers, log: event.context.log, now: () => new Date() }, fix, seen);
    },
  );
}
