import { sectionBounds } from "../markers/sections.js";
import type { ReleaseFacts } from "../rollback/release.js";
import type { RollbackPlan, RollbackState, StepId } from "../rollback/plan.js";
import { inert } from "../markdown/escape.js";
import { DRILL_NOTICE, DRILL_TITLE_PREFIX } from "./drill.js";
import { formatBytes } from "./rollback.js";

/** Title of the public announcement: the revoked tag and the version to use. */
export function announcementTitle(plan: RollbackPlan): string {
  const security = `${drillPrefix(plan)}${plan.severity === "critical" || plan.advisory ? "[SECURITY] " : ""}`;
  if (plan.response?.revocation === "none") return `${security}Known issue in ${plan.tag}: ${plan.good ? `consider ${plan.good.tag}` : "a fix is coming"}`;
  return `${security}${plan.tag} has been revoked: ${plan.good ? `use ${plan.good.tag}` : "stop using it"}`;
}

/** A drill's titles start with `[DRILL]` and its bodies with the drill notice (`/anvil drill`). */
function drillPrefix(plan: Pick<RollbackPlan, "drill">): string {
  return plan.drill ? `${DRILL_TITLE_PREFIX} ` : "";
}

function drillNotice(plan: Pick<RollbackPlan, "drill">): string[] {
  return plan.drill ? [DRILL_NOTICE, ""] : [];
}

/**
 * The public announcement. It says what to do, never how to exploit, and never links the draft
 * advisory (drafts are private until published).
 */
export function renderAnnouncement(plan: RollbackPlan, pinCommand: string | undefined, registryName: string | undefined): string {
  const revocation = plan.response?.revocation ?? "delete";
  const what = {
    delete: `Release **${plan.tag}** was found to be broken and has been withdrawn.`,
    mark: `Release **${plan.tag}** was found to be broken and has been revoked: it stays on the Releases page, marked revoked${plan.immutable ? "" : " and demoted to a pre-release"}.`,
    none: `Release **${plan.tag}** has a known issue. It stays available; a fix will follow.`,
  }[revocation];
  const lines = [
    ...drillNotice(plan),
    revocation === "none" ? `## Known issue in ${plan.tag}` : `## ${plan.tag} has been revoked`,
    "",
    what,
    plan.reason ? `\n**Why:** ${inert(plan.reason, 500)}` : "",
    "",
    `**Severity:** ${plan.severity}.`,
    "",
    "### What you should do",
    "",
  ];
  if (plan.good && pinCommand) {
    lines.push(`Pin to **${plan.good.tag}**, the last known good version:`, "", "```sh", pinCommand, "```", "");
  } else if (plan.good) {
    lines.push(`Pin to **${plan.good.tag}**, the last known good version.`, "");
  } else {
    lines.push("There is no earlier stable release to pin to: stop using this version until a fixed release is announced here.", "");
  }
  lines.push(
    `If you installed ${plan.tag} already, reinstall ${plan.good ? plan.good.tag : "a fixed version when it is out"}.`,
    registryName
      ? `Packages already published to a registry (${registryName}) stay installable until the maintainers yank them: do not install ${plan.tag} from there either.`
      : "Copies already downloaded or mirrored stay usable: do not use them.",
    "",
    "This issue will be updated when a fixed release is available.",
  );
  return lines.filter((line, index, all) => !(line === "" && all[index - 1] === "")).join("\n");
}

/** The items of the rollback procedure that remain for humans (steps 6-10). */
export const REMAINING_PROCEDURE = `### Fix and recovery
- [ ] Identify root cause of the issue
- [ ] Implement fix on the default branch
- [ ] Add regression test to prevent recurrence
- [ ] Update CHANGELOG.md with fix details
- [ ] Bump version (use patch version for hotfixes) — before anything else lands, or the next push re-creates the revoked tag
- [ ] Run the full pre-release checklist
- [ ] Tag the hotfix release
- [ ] Verify the release assets build successfully
- [ ] Test installation from the new release

### Announce resolution
- [ ] Update the pinned announcement with the resolution
- [ ] Remove the warning banner from README.md (if one was added)
- [ ] Publish the security advisory (if one was drafted)
- [ ] Send the "all clear" notification to users

### Post-incident review
- [ ] Write the post-mortem in \`docs/incidents/YYYY-MM-DD-description.md\`
- [ ] Identify gaps in testing, automation, or monitoring
- [ ] Update ADRs if architectural changes are needed
- [ ] Add automated checks to prevent recurrence
- [ ] Update the pre-release checklist with new items
`;

const DONE_ITEMS: Partial<Record<StepId, (plan: RollbackPlan, state: RollbackState) => string>> = {
  record: () => "Release recorded below (everything the revocation removed)",
  "delete-release": (plan) => `Release \`${plan.tag}\` deleted`,
  "revoke-in-place": (plan) => `Release \`${plan.tag}\` revoked in place (kept, marked, caution banner)`,
  "make-latest": (plan) => `\`${plan.good?.tag ?? "?"}\` made the Latest release`,
  "caution-banner": (plan) => `Caution banner at the top of \`${plan.tag}\`'s notes`,
  "known-issue-note": (plan) => `“Known issue” note at the top of \`${plan.tag}\`'s notes`,
  "delete-tag": (plan) => `Tag \`${plan.tag}\` deleted`,
  announce: (_plan, state) => `Users told which version to pin to${state.announcement ? ` (#${state.announcement})` : ""}`,
  pin: () => "Announcement pinned",
  advisory: () => "Security advisory drafted (private; publish it once the fix ships)",
};

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}markdown\n${text}\n${ticks}`;
}

/** The record of what the revocation removes, so nothing is lost and the release could be recreated. */
export function renderRecord(plan: RollbackPlan, release: ReleaseFacts | undefined): string {
  const assets = (release?.assets ?? plan.assets).map((asset) => `| \`${inert(asset.name, 120)}\` | ${asset.size} (${formatBytes(asset.size)}) | ${asset.digest ? `\`${asset.digest}\`` : "—"} |`);
  return [
    "<details><summary>Record of the revoked release</summary>",
    "",
    `- Release: ${inert(release?.name ?? plan.releaseName, 200)} (id ${plan.releaseId})`,
    `- Tag: \`${plan.tag}\` → commit \`${plan.commitSha}\``,
    `- Target: \`${inert(release?.targetCommitish ?? "", 100)}\``,
    `- Created: ${release?.createdAt ?? "?"}; published: ${plan.publishedAt ?? "never"}; author: ${release?.author ?? "?"}`,
    `- Immutable: ${plan.immutable ? "yes" : "no"}`,
    `- Revoked at the request of ${plan.requestedBy}${plan.reason ? `: “${inert(plan.reason, 500)}”` : ""}`,
    "",
    "| asset | size (bytes) | digest |",
    "| --- | --- | --- |",
    ...(assets.length > 0 ? assets : ["| (none) | | |"]),
    "",
    "Release notes, verbatim:",
    "",
    fence((release?.body ?? "").slice(0, 30_000)),
    "",
    "</details>",
  ].join("\n");
}

export function incidentTitle(plan: RollbackPlan): string {
  return `${drillPrefix(plan)}Incident: ${plan.tag} revoked (${plan.severity})`;
}

/** Anvil's part at the top of the incident: severity, deadline, warnings, the steps it did (ticked). */
export function renderIncidentSummary(plan: RollbackPlan, state: RollbackState, extra: { registrySection?: string } = {}): string {
  const done = plan.steps
    .filter((step) => DONE_ITEMS[step])
    .map((step) => {
      const outcome = state.outcomes[step];
      const label = DONE_ITEMS[step]?.(plan, state) ?? step;
      if (outcome?.status === "done") return `- [x] ${label}`;
      if (outcome?.status === "skipped") return `- [x] ~${label}~ — skipped: ${outcome.detail}`;
      return `- [ ] ${label}`;
    });
  return [
    ...drillNotice(plan),
    `**Severity:** ${plan.severity} — ${plan.action}. Respond within ${plan.respondWithin}${plan.deadline ? ` (by **${plan.deadline}**)` : ""}.`,
    plan.notifyStakeholders ? "**Notify stakeholders now** (high and critical severity)." : "",
    plan.good ? `**Last known good version:** \`${plan.good.tag}\`.` : "**No earlier stable release** to pin to.",
    ...state.warnings.map((warning) => `\n> [!WARNING]\n> ${warning}`),
    "",
    "### Immediate actions and revocation (done by Anvil)",
    ...done,
    ...(extra.registrySection ? ["", extra.registrySection] : []),
  ].join("\n");
}

/** Anvil's part at the bottom of the incident: who did what, when. */
export function renderIncidentAudit(state: RollbackState): string {
  const audit = state.audit.map((entry) => `- ${entry.at} — ${entry.actor}: ${entry.text}`);
  return [`<details><summary>Audit of the rollback (${audit.length})</summary>`, "", ...audit, "", "</details>"].join("\n");
}

/** The sections of the incident issue Anvil owns and re-renders; everything else is the humans'. */
export const INCIDENT_SECTIONS = { summary: "incident-summary", audit: "incident-audit" } as const;

/**
 * The incident issue's checklist: Anvil's summary (steps it did, ticked), the rest of the
 * procedure (open, the humans' to tick and annotate), the record, the audit.
 */
export function renderIncidentBody(plan: RollbackPlan, state: RollbackState, record: string, extra: { registrySection?: string } = {}): string {
  const section = (name: string, content: string) => `${sectionBounds(name).start}\n${content}\n${sectionBounds(name).end}`;
  return [
    section(INCIDENT_SECTIONS.summary, renderIncidentSummary(plan, state, extra)),
    "",
    REMAINING_PROCEDURE,
    record,
    "",
    section(INCIDENT_SECTIONS.audit, renderIncidentAudit(state)),
  ].join("\n");
}

/** Advisory description: impact, affected versions, workaround (pin to the good version); `marker` (signed) makes it Anvil's. */
export function renderAdvisoryDescription(plan: RollbackPlan, pinCommand: string | undefined, marker: string): string {
  return [
    marker,
    ...drillNotice(plan),
    "### Impact",
    plan.reason ? inert(plan.reason, 2000) : `Release ${plan.tag} was revoked by the maintainers (severity ${plan.severity}).`,
    "",
    "### Affected versions",
    `Exactly ${plan.tag}.`,
    "",
    "### Workarounds",
    plan.good ? `Pin to ${plan.good.tag}${pinCommand ? `: \`${pinCommand}\`` : ""}.` : "No earlier stable release: stop using the affected version.",
    "",
    "### Patches",
    "A fixed release will be published; this advisory will be updated then.",
  ].join("\n");
}
