import { reportConfigProblemOf } from "../shell/config/report-config-problem.js";
import type { AppIdentity } from "../github/app-identity.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { checklistShell } from "../shell/checklists/checklist-shell.js";
import { linkRelease } from "../shell/checklists/link-release.js";
import { resolveOnReleaseEvent } from "../shell/resolution/on-release.js";

/**
 * `release.published` → link the cycle's checklist to the tag, open the release checklist; a full
 * release also resolves the rollback incidents it fixes (issue 11), as `release.released` does.
 */
export function onReleasePublished(identity: () => Promise<AppIdentity>, notifyUrl?: string) {
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
      await resolveOnReleaseEvent(event, notifyUrl);
    },
  );
}
