import type { ReachSagaStepId } from "../rollback/reach-steps.js";

/** Labels of issue 12's saga steps in the plan and the status comment. */
export function reachStepLabel(step: ReachSagaStepId, tag: string): string {
  switch (step) {
    case "readme-banner":
      return `Open a pull request adding a warning banner to the README (branch \`anvil/revoked-${tag}\`; never the default branch)`;
    case "notify":
      return "Notify: `anvil-rollback` repository_dispatch for the repository's workflows, and the deployment's webhook if set";
  }
}

/** Details shown after a reach step's label in the status comment (and in the drill report). */
export const reachDetail = {
  bannerPullOpened: (pull: number) => `#${pull} opened`,
  bannerPullExists: (pull: number, state: "open" | "closed", merged: boolean) =>
    merged ? `#${pull} (merged)` : state === "open" ? `#${pull} (open)` : `#${pull} was closed by a person; not reopened`,
  noReadme: "no README in this repository",
  noAnnouncementToLink: "no announcement issue for the banner to link to (the announce step did not open one)",
  readmeNotMarkdown: (path: string) => `\`${path}\` is not Markdown; add the warning by hand`,
  noBannerPull: "no README banner pull request",
  branchTakenByPerson: (branch: string, pull: number, author: string | undefined) =>
    `\`${branch}\` already has a pull request by someone else (#${pull}${author ? `, @${author}` : ""}); Anvil leaves it alone and opens none`,
  bannerPullClosed: (pull: number) => `banner pull request #${pull} closed`,
  bannerPullWasClosed: (pull: number) => `banner pull request #${pull} had been closed unmerged`,
  removalPullOpened: (pull: number) => `#${pull} removes the banner`,
  removalPullExists: (pull: number) => `#${pull} removes the banner (already opened)`,
  bannerAlreadyGone: "the banner is no longer in the README",
  postMortemOpened: (pull: number, path: string) => `#${pull} adds \`${path}\``,
  postMortemExists: (pull: number) => `#${pull} (one post-mortem per incident)`,
  postMortemBadPath: "`postMortem.path` gives no safe path for this incident",
  postMortemNoStatus: "the incident names no rollback status comment to take the timeline from",
  postMortemStatusUnverified: "the rollback's status comment is gone, or was edited so that its signed state no longer verifies",
  dispatched: (eventType: string) => `\`${eventType}\` sent`,
  notNotified: (severity: string) => `${severity} is not in \`notifications.severities\``,
  nothingConfigured: "dispatch off (`notifications.dispatch: false`) and no webhook configured",
  webhookQueued: "notification webhook queued",
  dispatchRefused: "the app may not send repository_dispatch here (needs Contents: write)",
};
