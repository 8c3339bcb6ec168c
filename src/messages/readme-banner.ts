import { inert } from "../markdown/escape.js";

/** What the README banner says: the revoked version, the version to use, where to read more. */
export interface BannerFacts {
  tag: string;
  /** The version to use instead (the last known good), if there is one. */
  good: string | undefined;
  announcementUrl: string;
  /** A drill's banner says so, so nobody mistakes it for a real incident. */
  drill?: boolean;
}

/** The banner itself: a GitHub alert, one paragraph, no reason (the announcement carries the details). */
export function renderReadmeBanner(facts: BannerFacts): string {
  const use = facts.good ? `Use **${inert(facts.good, 64)}** instead.` : "Do not use it until a fixed release is announced.";
  return [
    "> [!CAUTION]",
    `> ${facts.drill ? "**Rollback drill (not a real incident).** " : ""}**${inert(facts.tag, 64)} has been revoked.** ${use} [Read the announcement](${facts.announcementUrl}) for what to do.`,
  ].join("\n");
}

export function bannerCommitMessage(tag: string): string {
  return `docs: warn in the README that ${tag} has been revoked`;
}

export function bannerRemovalCommitMessage(tag: string): string {
  return `docs: remove the README warning about ${tag}`;
}

export function bannerPullTitle(tag: string, drill = false): string {
  return `${drill ? "[drill] " : ""}README: warn that ${tag} has been revoked`;
}

export function bannerPullBody(facts: BannerFacts & { readmePath: string; incidentUrl: string | undefined }): string {
  return [
    `${facts.drill ? "**This is a rollback drill.** Anvil closes this pull request when the drill ends.\n\n" : ""}Release **${inert(facts.tag, 64)}** has been revoked ([announcement](${facts.announcementUrl})${facts.incidentUrl ? `, [incident](${facts.incidentUrl})` : ""}).`,
    "",
    `This pull request adds a warning banner at the top of \`${facts.readmePath}\`, the README GitHub shows on the repository's page, so that visitors see it too:`,
    "",
    renderReadmeBanner(facts),
    "",
    "Merge it to show the banner. When the fix ships, Anvil closes this pull request if it is still open, or opens one that removes exactly this banner if it was merged.",
    "Anvil never pushes to the default branch.",
  ].join("\n");
}

export function bannerRemovalPullTitle(tag: string, fixedTag: string | undefined): string {
  return `README: remove the warning about ${tag}${fixedTag ? ` (fixed in ${fixedTag})` : ""}`;
}

export function bannerRemovalPullBody(facts: { tag: string; fixedTag: string | undefined; readmePath: string; bannerPull: number }): string {
  return [
    `${inert(facts.tag, 64)} has been resolved${facts.fixedTag ? ` by **${inert(facts.fixedTag, 64)}**` : ""}.`,
    "",
    `This pull request removes the warning banner that #${facts.bannerPull} added to \`${facts.readmePath}\`, and nothing else.`,
  ].join("\n");
}

export function bannerClosedComment(fixedTag: string | undefined): string {
  return `Closing: the revoked release has been resolved${fixedTag ? ` by ${inert(fixedTag, 64)}` : ""}, so the banner is no longer needed.`;
}
