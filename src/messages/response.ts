import { bareVersion } from "../versions/versions.js";
import { inert } from "../markdown/escape.js";
import type { RegistryStep } from "../rollback/registry-steps.js";
import type { ResponseNote, ResponseStepId, RollbackResponse } from "../rollback/response.js";
import type { TagDeletionCost } from "../rollback/tag-deletion-costs.js";

/** What the plan needs to describe a response in words. */
export interface ResponseContext {
  tag: string;
  /** The last known good tag, if any. */
  good: string | undefined;
  immutable: boolean;
}

/** The response's rows in the plan's table: what happens to the release, the users, the advisory, the notes. */
export function describeResponse(response: RollbackResponse, context: ResponseContext): Array<[string, string]> {
  return [
    ["Release and tag", describeRevocation(response, context)],
    ["Announcement", describeAnnouncement(response)],
    ["Security advisory", describeAdvisory(response)],
    ["Release notes", describeReleaseNotes(response)],
  ];
}

function describeRevocation(response: RollbackResponse, { tag, good, immutable }: ResponseContext): string {
  switch (response.revocation) {
    case "delete":
      return `**deleted**: release and tag \`${tag}\``;
    case "mark":
      return [
        `**kept, revoked in place**:`,
        immutable ? "title marked revoked (immutable: it stays a full release)" : "demoted to pre-release",
        `a caution banner at the top of its notes ${good ? `naming \`${good}\`` : "saying not to use it"}`,
        good ? `and \`${good}\` made *Latest*` : "(no earlier stable release to make *Latest*)",
      ].join(", ").replace(":,", ":");
    case "none":
      return "kept as it is";
  }
}

function describeAnnouncement(response: RollbackResponse): string {
  switch (response.announcement) {
    case "pinned":
      return "an issue telling users what to do, **pinned**";
    case "open":
      return "an issue telling users what to do, opened, not pinned";
    case "none":
      return "none";
  }
}

function describeAdvisory(response: RollbackResponse): string {
  if (response.advisory === "none") return "none for this severity";
  return `a private draft${response.advisoryOnRequest ? " (asked for with `--advisory`)" : ""}, never linked from public text`;
}

function describeReleaseNotes(response: RollbackResponse): string {
  switch (response.releaseNotes) {
    case "banner":
      return "a caution banner at the top";
    case "known-issue":
      return "a “known issue” note at the top";
    case "none":
      return "unchanged";
  }
}

/** Why the response differs from the matrix or from what was asked. */
export function renderResponseNote(note: ResponseNote): string {
  switch (note.kind) {
    case "revoke-overridden":
      return `\`--revoke ${note.requested}\` overrides this severity's \`${note.configured}\` for this run.`;
    case "immutable-revoked-in-place":
      return "The release is immutable: deleting it would burn its tag name for good and its tag cannot be deleted, so it is revoked in place instead.";
    case "advisory-never":
      return `\`--advisory\` is ignored: the ${note.severity} response never drafts an advisory (\`rollback.severities.${note.severity}.advisory: false\`). Raise the severity to draft one.`;
    case "release-notes-gone":
      return "The release is deleted, so its notes get no banner or note.";
    case "banner-replaces-note":
      return "Revoking in place puts a caution banner at the top of the notes instead of a “known issue” note.";
    case "no-latest-to-restore":
      return "There is no earlier stable release to make *Latest*.";
    case "next-regular-release":
      return "The decision matrix recommends a fix in the next regular release: Anvil only tracks the incident.";
  }
}

/** A cost of deleting the tag, stated in the plan before anyone confirms. */
export function renderTagCost(cost: TagDeletionCost, tag: string): string {
  const files = (evidence: readonly string[]) => evidence.map((file) => inert(file, 120)).join(", ");
  switch (cost.kind) {
    case "go-module-proxy":
      return `This is a Go module${cost.module ? ` (${inert(cost.module, 200)})` : ""}: the Go module proxy keeps serving \`${tag}\` after the tag is deleted. Consider \`--revoke mark\` and a \`retract v${bareVersion(tag)}\` directive in the fix release's \`go.mod\` instead.`;
    case "semantic-release":
      return `semantic-release is configured here (${files(cost.evidence)}): it recreates and republishes a release whose tag is gone. Consider \`--revoke mark\`, or stop its next run until the version is bumped.`;
    case "release-please":
      return `release-please is configured here (${files(cost.evidence)}): it derives versions and changelogs from tags and may recreate \`${tag}\`. Consider \`--revoke mark\`, or check its manifest before the next release.`;
    case "immutable-tag-burned":
      return `\`${tag}\` is an immutable release: deleting it would burn the tag name \`${tag}\` for good (its tag can never be deleted or reused).`;
  }
}

/** The one line registries show (npm deprecate, Hex retire, a Go `retract` comment). */
export function registryMessage(tag: string, good: string | undefined): string {
  return `${tag} has been revoked: ${good ? `use ${good} instead` : "do not use it"}`;
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/** A task-list line of the incident checklist for one registry step. */
export function renderRegistryStep(step: RegistryStep, tag: string): string {
  const version = bareVersion(tag);
  switch (step.kind) {
    case "command":
      return `- [ ] Withdraw ${version} from ${step.registry}: ${codeSpan(step.command)}`;
    case "page":
      return step.ecosystem === "pip"
        ? `- [ ] Yank ${version} on PyPI (no API: the release's management page, “Options” → “Yank”): ${step.url}`
        : `- [ ] Retract ${version} on ${step.registry} (on the package's admin page, within 7 days of publishing): ${step.url}`;
    case "directive":
      return `- [ ] Add ${codeSpan(step.line)} to \`${step.file}\` in the fix release (${step.registry} keeps serving ${tag})`;
    case "follows-tags":
      return `- [ ] Check ${step.registry}: it lists versions from this repository's tags, so ${tag} stays listed while its tag exists`;
    case "cannot-remove":
      return `- [ ] ${step.registry} never removes a published version: make sure the announcement names the fixed version once it is out`;
  }
}

/** The incident checklist's registry section; empty when no registry applies. */
export function renderRegistrySection(steps: readonly RegistryStep[], tag: string): string {
  if (steps.length === 0) return "";
  return ["### Package registries", ...steps.map((step) => renderRegistryStep(step, tag))].join("\n");
}

/** Labels of the response's steps in the plan and the status comment. */
export function responseStepLabel(step: ResponseStepId, context: ResponseContext & { releaseId: number; commitSha: string; announcementPinned?: boolean }): string {
  const { tag, good } = context;
  switch (step) {
    case "record":
      return "Record everything the revocation removes in the incident issue";
    case "delete-release":
      return `Delete release \`${tag}\` (id ${context.releaseId})`;
    case "delete-tag":
      return `Delete tag \`refs/tags/${tag}\` (commit \`${context.commitSha.slice(0, 7)}\`)`;
    case "revoke-in-place":
      return `Revoke \`${tag}\` in place: ${context.immutable ? "mark its title revoked" : "demote it to pre-release"} and put a caution banner ${good ? `naming \`${good}\`` : ""} at the top of its notes`.replace("  ", " ");
    case "make-latest":
      return `Make \`${good ?? "the last known good release"}\` the *Latest* release`;
    case "caution-banner":
      return `Put a caution banner at the top of \`${tag}\`'s notes`;
    case "known-issue-note":
      return `Put a “known issue” note at the top of \`${tag}\`'s notes`;
    case "announce":
      return `Open an announcement telling users ${good ? `to pin to \`${good}\`` : "to stop using this version"}`;
    case "pin":
      return "Pin the announcement (making room only by unpinning Anvil's own older announcements)";
    case "advisory":
      return "Draft a private security advisory for exactly this version";
    case "retag-check":
      return "Check the version file on the default branch for the re-tag hazard";
    case "incident":
      return "Complete the incident issue: the rest of the procedure as a tracked checklist";
  }
}

/** The caution banner at the top of a release revoked in place (an Anvil section of the notes). */
export function renderCautionBanner(input: { tag: string; good: string | undefined; announcement?: number; fixed?: { tag: string; url?: string } }): string {
  const use = input.fixed
    ? `It is fixed in ${input.fixed.url ? `[${input.fixed.tag}](${input.fixed.url})` : input.fixed.tag}: upgrade to it.`
    : input.good
      ? `Use ${input.good} instead.`
      : "Do not use it.";
  return ["> [!CAUTION]", `> **This release has been revoked.** ${use}${input.announcement ? ` See #${input.announcement}.` : ""}`].join("\n");
}

/** The "known issue" note at the top of a kept release's notes (an Anvil section of the notes). */
export function renderKnownIssueNote(input: { reason: string | null; announcement?: number; incident?: number; fixed?: { tag: string; url?: string } }): string {
  const what = input.reason ? `: ${inert(input.reason, 300)}` : "";
  const where = input.announcement ? ` See #${input.announcement}.` : input.incident ? ` Tracked in #${input.incident}.` : "";
  if (input.fixed) return ["> [!NOTE]", `> **Known issue**${what}. Fixed in ${input.fixed.url ? `[${input.fixed.tag}](${input.fixed.url})` : input.fixed.tag}: upgrade to it.${where}`].join("\n");
  return ["> [!WARNING]", `> **Known issue** in this release${what}.${where}`].join("\n");
}
