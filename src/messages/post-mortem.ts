import { inert } from "../markdown/escape.js";
import { minutesBetween, timeline, type PostMortemFacts, type TimelineEvent } from "../rollback/post-mortem.js";
import { formatBytes } from "./rollback.js";

/** The procedure's post-incident review (steps 9 and 10) as a task list. */
export const REVIEW_PROMPTS = [
  "Identify gaps in testing that let this release out",
  "Identify gaps in automation",
  "Identify gaps in monitoring (how was the problem found, and how fast?)",
  "Update ADRs if architectural changes are needed",
  "Schedule preventive improvements",
  "Add automated checks to prevent recurrence",
  "Update the pre-release checklist with new items",
  "Enhance CI/CD gates if needed",
  "Train the team on lessons learned",
] as const;

const TO_DO = "_To do._";

function utc(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? inert(at, 40) : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

function describeEvent(event: TimelineEvent, facts: PostMortemFacts): string {
  switch (event.kind) {
    case "plan":
      return `Rollback of \`${facts.tag}\` planned (severity ${facts.severity})`;
    case "confirmation":
      return "Plan confirmed: Anvil starts the revocation";
    case "step":
      return inert(event.text, 300);
    case "resolution":
      return `Resolved by \`${inert(event.text, 64)}\`${facts.resolution?.by === "command" ? " (by command)" : " (release published)"}`;
  }
}

export function postMortemTitle(tag: string): string {
  return `Post-mortem: ${tag} revoked`;
}

export function renderPostMortem(facts: PostMortemFacts): string {
  const { release } = facts;
  const toResolution = minutesBetween(facts.revokedAt ?? facts.plannedAt, facts.resolution?.at);
  const announcement = facts.announcement ? ` ([announcement](${facts.announcement.url}))` : "";
  const summary = [
    `Release **${inert(facts.tag, 64)}** was ${facts.revokedAt ? `revoked on ${utc(facts.revokedAt)}` : "flagged"} at the request of ${inert(facts.requestedBy, 40)}`,
    `(severity **${facts.severity}**: ${inert(facts.action, 120)}; respond within ${inert(facts.respondWithin, 40)}).`,
    facts.reason ? `Reason given: “${inert(facts.reason, 500)}”.` : "",
    facts.good ? `Users were told to use **${inert(facts.good, 64)}**${announcement}.` : `There was no earlier stable release to pin to${announcement}.`,
    facts.resolution ? `It was resolved by **${inert(facts.resolution.fixedTag, 64)}** on ${utc(facts.resolution.at)}.` : "",
  ].filter(Boolean);
  const assets = release.assets.map((asset) => `| \`${inert(asset.name, 120)}\` | ${formatBytes(asset.size)} | ${asset.digest ? `\`${inert(asset.digest, 100)}\`` : "—"} |`);
  const events = timeline(facts).map((event) => `| ${utc(event.at)} | ${event.actor ? inert(event.actor, 40) : "—"} | ${describeEvent(event, facts)} |`);
  return [
    `# ${postMortemTitle(facts.tag)}`,
    "",
    `> Scaffold opened by Anvil from incident [#${facts.incident.number}](${facts.incident.url}). The facts below come from the incident record and the rollback's audit trail; the sections marked _to do_ are for the people who handled it.`,
    "",
    "## Summary",
    "",
    summary.join(" "),
    "",
    "## Impact",
    "",
    "| | |",
    "| --- | --- |",
    `| Revoked version | \`${inert(facts.tag, 64)}\` (${inert(release.name, 100)}), published ${release.publishedAt ? utc(release.publishedAt) : "never"} |`,
    `| Commit | \`${inert(release.commitSha, 64)}\` |`,
    `| Immutable | ${release.immutable ? "yes (revoked in place: the tag name stays taken)" : "no"} |`,
    `| Time revoked | ${facts.revokedAt ? utc(facts.revokedAt) : "not revoked (kept)"} |`,
    `| Version to use | ${facts.good ? `\`${inert(facts.good, 64)}\`` : "none"} |`,
    `| Time to resolution | ${toResolution === undefined ? "unresolved" : formatDuration(toResolution)} |`,
    "| Users affected | _To do: who installed it, and how many?_ |",
    "",
    "### Assets of the revoked release",
    "",
    "| asset | size | digest |",
    "| --- | --- | --- |",
    ...(assets.length > 0 ? assets : ["| (none) | | |"]),
    "",
    "## Timeline",
    "",
    "| time | who | what |",
    "| --- | --- | --- |",
    ...events,
    "",
    "## Root cause",
    "",
    TO_DO,
    "",
    "## What went well, what did not",
    "",
    TO_DO,
    "",
    "## Review",
    "",
    ...REVIEW_PROMPTS.map((prompt) => `- [ ] ${prompt}`),
    "",
  ].join("\n");
}

export function postMortemCommitMessage(tag: string): string {
  return `docs: post-mortem scaffold for the revocation of ${tag}`;
}

export function postMortemPullBody(facts: { tag: string; path: string; incident: { number: number } }): string {
  return [
    `A post-mortem scaffold for the revocation of **${inert(facts.tag, 64)}** (incident #${facts.incident.number}), as the release procedure asks: \`${facts.path}\`.`,
    "",
    "Summary, impact and timeline are prefilled from the incident record and the audit trail; root cause, lessons and the review task list are for you. Push to this branch to complete it, then merge.",
    "",
    "Anvil opens one post-mortem pull request per incident, ever: closing this one does not bring it back.",
  ].join("\n");
}

export function renderNoIncidentForPostMortem(tag: string): string {
  return `Sorry, I found no incident of Anvil's for \`${inert(tag, 64)}\` in this repository, so there is no record to write a post-mortem from. Nothing was changed.`;
}

export function renderPostMortemSkipped(tag: string, why: string): string {
  return `Sorry, I could not open a post-mortem for \`${inert(tag, 64)}\`: ${why}. Nothing was changed.`;
}
