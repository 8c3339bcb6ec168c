import { reportConfigProblemOf } from "../shell/config/report-config-problem.js";
import type { AppIdentity } from "../github/app-identity.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { linkRelease } from "../shell/checklists/link-release.js";

/**
 * `release.published` → link the cycle's checklist to the tag, open the release checklist. (The
 * rollback resolution of issue 11 follows `release.released`: see release-released.ts.)
 */
export function onReleasePublished(identity: () => Promise<AppIdentity>) {
  return repositoryHandler<"release.published">(
    identity,
    {
      relevant: (context) => !context.payload.release.draft,
      onConfigProblem: reportConfigProblemOf,
    },
    async (event) => {
      const { release } = event.context.payload;
      if (release.prerelease && !event.config.checklists.prereleases) {
        event.context.log.debug(`pre-release ${release.tag_name} ignored (checklists.prereleases is off)`);
        return;
      }
      await linkRelease(checklistShell(event), { tag: release.tag_name, publishedAt: release.published_at });
    },
  );
}
