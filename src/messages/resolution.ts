import type { Severity } from "../config/schema.js";
import type { IncidentTick } from "../rollback/resolution.js";
import { bareVersion } from "../versions/versions.js";

/** The announcement's "Resolved" section (an Anvil section: the rest of the body stays as people left it). */
export function renderResolvedSection(input: { revokedTag: string; fixedTag: string; fixedUrl?: string; upgradeCommand?: string }): string {
  const fixed = input.fixedUrl ? `[${input.fixedTag}](${input.fixedUrl})` : `**${input.fixedTag}**`;
  const lines = [`## Resolved in ${input.fixedTag}`, "", `The problem in ${input.revokedTag} is fixed in ${fixed}. Upgrade to it:`];
  if (input.upgradeCommand) lines.push("", "```sh", input.upgradeCommand, "```");
  else lines.push("", `Download and install the assets of release ${input.fixedTag} from this repository's Releases page.`);
  lines.push("", `Once upgraded, you no longer need the pin to an earlier version.`);
  return lines.join("\n");
}

/** Where each tick lands in the incident checklist: the item's exact text, as the incident template writes it. */
export const TICK_ITEM_TEXT: Record<IncidentTick["item"], string> = {
  "hotfix-released": "Tag the hotfix release",
  "announcement-updated": "Update the pinned announcement with the resolution",
  "advisory-patched": "Set the advisory's patched version",
  "advisory-published": "Publish the security advisory (if one was drafted)",
};

/** The evidence appended to a ticked item. */
export function renderTickEvidence(tick: IncidentTick): string {
  switch (tick.item) {
    case "hotfix-released":
      return tick.url ? `[${tick.tag}](${tick.url}) released` : `${tick.tag} released`;
    case "announcement-updated":
      return `#${tick.announcement} says it is resolved`;
    case "advisory-patched":
      return `patched version ${bareVersion(tick.tag)} set on the draft (Security → Advisories)`;
    case "advisory-published":
      return "published (Security → Advisories)";
  }
}

/** Item text → evidence, for `tickItems`. */
export function tickEvidence(ticks: readonly IncidentTick[]): Map<string, string> {
  return new Map(ticks.map((tick) => [TICK_ITEM_TEXT[tick.item], renderTickEvidence(tick)]));
}

/** The one comment on the incident when the fix ships: what Anvil did, what is left for people. */
export function renderResolutionComment(input: { revokedTag: string; fixedTag: string; fixedUrl?: string; by: "release" | "command"; actor?: string; done: readonly string[]; left: readonly string[] }): string {
  const fixed = input.fixedUrl ? `[${input.fixedTag}](${input.fixedUrl})` : input.fixedTag;
  const how = input.by === "release" ? `${fixed} was published` : `${input.actor ? `@${input.actor}` : "A maintainer"} marked ${fixed} as the fix`;
  const lines = [`### ${input.revokedTag} is resolved in ${input.fixedTag}`, "", `${how}, so Anvil closed the loop:`, "", ...input.done.map((line) => `- ${line}`), ""];
  if (input.left.length === 0) lines.push("Nothing is left on this incident's checklist.");
  else lines.push(`**Still to do** (${input.left.length}):`, "", ...input.left.slice(0, 30).map((item) => `- [ ] ${item}`), ...(input.left.length > 30 ? [`- … and ${input.left.length - 30} more above`] : []));
  return lines.join("\n");
}

/** What each resolution action did, for the resolution comment. */
export function describeResolutionAction(action: string, input: { announcement?: number; fixedTag: string; revokedTag: string }): string | undefined {
  switch (action) {
    case "announce-resolution":
      return `#${input.announcement} says it is resolved in ${input.fixedTag}, with upgrade instructions`;
    case "unpin-announcement":
      return `#${input.announcement} unpinned`;
    case "close-announcement":
      return `#${input.announcement} closed`;
    case "fixed-banner":
      return `the notes of ${input.revokedTag} say it is fixed in ${input.fixedTag}`;
    case "patch-advisory":
      return `the draft security advisory names ${bareVersion(input.fixedTag)} as the patched version (Security → Advisories)`;
    case "publish-advisory":
      return "the security advisory is published";
    case "tick-incident":
      return "the items above that Anvil can show are done are ticked, with the evidence";
    default:
      return undefined;
  }
}

/** A line appended to the rollback's status comment once the incident is resolved. */
export function renderStatusResolutionLine(input: { fixedTag: string; fixedUrl?: string; incident: number }): string {
  return `**Resolved** in ${input.fixedUrl ? `[${input.fixedTag}](${input.fixedUrl})` : input.fixedTag}: see #${input.incident}.`;
}

/** The one comment when an incident passes its severity's deadline unresolved. */
export function renderOverdueComment(input: { tag: string; severity: Severity; respondWithin: string; deadline: string }): string {
  return [
    `### ⏰ ${input.tag}: response overdue`,
    "",
    `This ${input.severity} incident was to be resolved within ${input.respondWithin} (by ${input.deadline}), and no fixed release has been published.`,
    "",
    `When the fix ships as a higher release, Anvil resolves this incident by itself; otherwise comment \`/rollback ${input.tag} --resolved-by <tag>\`.`,
  ].join("\n");
}

export function renderResolveRefusal(input: { revokedTag: string; fixedTag: string; reason: "no-incident" | "already-resolved" | "same-version" | "not-a-version"; resolvedBy?: string }): string {
  const why = {
    "no-incident": `I found no incident of Anvil's for \`${input.revokedTag}\` in this repository`,
    "already-resolved": `the incident of \`${input.revokedTag}\` is already resolved in \`${input.resolvedBy ?? "another release"}\``,
    "same-version": `\`${input.fixedTag}\` is the revoked version itself`,
    "not-a-version": `\`--resolved-by\` needs a release tag such as \`v1.2.3\``,
  }[input.reason];
  return [`Sorry, I won't mark \`${input.revokedTag}\` resolved: ${why}.`, "", "Nothing was changed."].join("\n");
}

/** What each resolution action reports in the incident's record and the log. */
export const RESOLUTION_DETAIL = {
  noAnnouncement: "no announcement",
  announcementUpdated: (number: number) => `#${number} updated`,
  notPinned: (number: number) => `#${number} was not pinned`,
  unpinned: (number: number) => `#${number} unpinned`,
  closed: (number: number) => `#${number} closed`,
  noKeptRelease: "no kept release",
  releaseGone: (tag: string) => `release ${tag} is gone`,
  notesSayFixed: (tag: string, fixedTag: string) => `notes of ${tag} say fixed in ${fixedTag}`,
  noDraftAdvisory: "no draft advisory found for this tag",
  patchedAlready: "patched version already set",
  patched: (version: string) => `patched version ${version} set`,
  noAdvisory: "no advisory found for this tag",
  alreadyPublished: "already published",
  published: "published",
  ticked: "ticked",
  commentAlreadyPosted: "comment already posted",
  leftListed: "what is left listed",
  overdueRemoved: "overdue label removed",
  noStatusComment: "no status comment",
  statusCommentGone: "the status comment is gone",
  statusLinked: "status comment links the resolution",
} as const;
