import type { AppIdentity } from "../github/app-identity.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { reportConfigProblemOf } from "../shell/config/report-config-problem.js";
import { resolveOnReleaseEvent } from "../shell/resolution/on-release.js";

/**
 * `release.released` → (issue 11) resolve the rollback incidents a fix closes. GitHub sends it
 * when a full release is published and when a pre-release is edited into a full release, never
 * for a pre-release: so a promoted release resolves exactly like a published one. A full release
 * also fires `published`, which resolves too: whichever arrives first does the work. What was done
 * is recorded in each incident's signed marker, so the other event or a redelivery does nothing twice.
 */
export function onReleaseReleased(identity: () => Promise<AppIdentity>, notifyUrl?: string) {
  return repositoryHandler<"release.released">(
    identity,
    {
      relevant: (context) => !context.payload.release.draft && !context.payload.release.prerelease,
      // Reported here too: a promoted pre-release has no `published` event (one problem issue, ever: it is found first).
      onConfigProblem: reportConfigProblemOf,
    },
    (event) => resolveOnReleaseEvent(event, notifyUrl),
  );
}
