import type { Severity } from "../config/schema.js";
import type { FlagDifference } from "../rollback/decide.js";
import type { RollbackPlan, RollbackState, StepId } from "../rollback/plan.js";
import { inert } from "../markdown/escape.js";
import { reachStepLabel } from "./reach-steps.js";
import { isReachStep } from "../rollback/reach-steps.js";
import { describeResponse, renderResponseNote, renderTagCost, responseStepLabel } from "./response.js";

/** Step labels come from the response's texts (messages/response.ts): one wording for plan, status and docs. */
function stepLabel(step: StepId, plan: RollbackPlan): string {
  if (isReachStep(step)) return reachStepLabel(step, plan.tag);
  return responseStepLabel(step, { tag: plan.tag, good: plan.good?.tag, immutable: plan.immutable, releaseId: plan.releaseId, commitSha: plan.commitSha });
}

const ICONS = { done: "✅", skipped: "⏭", failed: "❌" } as const;

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

function planDetails(plan: RollbackPlan): string[] {
  const assets = plan.assets.length === 0 ? "none" : plan.assets.map((asset) => `\`${inert(asset.name, 100)}\` (${formatBytes(asset.size)}${asset.digest ? `, \`${asset.digest}\`` : ""})`).join(", ");
  return [
    `| | |`,
    `| --- | --- |`,
    `| Release | ${inert(plan.releaseName, 100)} (id ${plan.releaseId}), published ${plan.publishedAt ?? "never"} |`,
    `| Tag | \`${plan.tag}\` → commit \`${plan.commitSha}\` |`,
    `| Immutable | ${plan.immutable ? "yes: it cannot be deleted; it will be revoked in place" : "no"} |`,
    `| Assets | ${assets} |`,
    `| Last known good | ${plan.good ? `\`${plan.good.tag}\` (${inert(plan.good.name, 80)}, published ${plan.good.publishedAt ?? "?"})` : "**none found**: no earlier stable release; users will be told to stop using this version"} |`,
    `| Severity | **${plan.severity}**${plan.severityDefaulted ? " (default: pass `--severity` to change it)" : ""} |`,
    `| Action | ${plan.action}; respond within ${plan.respondWithin}${plan.deadline ? ` (by ${plan.deadline})` : ""} |`,
    ...(plan.response
      ? describeResponse(plan.response, { tag: plan.tag, good: plan.good?.tag, immutable: plan.immutable }).map(([what, how]) => `| ${what} | ${how} |`)
      : [`| Security advisory | ${plan.advisory ? "a private draft (never linked from the public announcement)" : "none for this severity (add `--advisory` to draft one)"} |`]),
    `| Package | ${describeManifest(plan)} |`,
    `| Requested by | ${plan.requestedBy}${plan.reason ? `: “${inert(plan.reason, 300)}”` : ""} |`,
    ...(plan.response?.notes ?? []).map((note) => `\n> [!NOTE]\n> ${renderResponseNote(note)}`),
    ...plan.costs.map((cost) => `\n> [!WARNING]\n> ${renderTagCost(cost, plan.tag)}`),
  ];
}

function describeManifest(plan: RollbackPlan): string {
  const fix = "set `rollback.versionFile` (or `rollback.advisory.package`) in `.github/anvil.yml` to change it";
  if (!plan.manifest) return `none found (no pyproject.toml, Cargo.toml, go.mod or package.json at the root): ${fix}`;
  return `\`${inert(plan.manifest.name ?? "(no name)", 100)}\` (${plan.manifest.ecosystem}, from \`${inert(plan.manifest.file, 100)}\`): used for the advisory and the pin instructions; if that is not what this release ships, ${fix}`;
}

/** The one living comment of a rollback: plan, then progress, updated in place (its signed state marker is added by the caller). */
export function renderRollbackComment(state: RollbackState, context: { confirmRequired: boolean; ttlMinutes: number }): string {
  const { plan } = state;
  const heading =
    state.phase === "planned"
      ? `### Rollback plan for \`${plan.tag}\` — nothing has been changed yet`
      : state.phase === "done"
        ? `### Rollback of \`${plan.tag}\` complete`
        : state.phase === "aborted"
          ? `### Rollback of \`${plan.tag}\` stopped`
          : state.phase === "failed"
            ? `### Rollback of \`${plan.tag}\` stopped at a failed step`
            : `### Rollback of \`${plan.tag}\` in progress`;
  const steps = plan.steps.map((step) => {
    const outcome = state.outcomes[step];
    const label = stepLabel(step, plan);
    if (!outcome) return `- ${state.phase === "planned" ? "▫️" : "⏳"} ${label}`;
    return `- ${ICONS[outcome.status]} ${label}${outcome.detail ? ` — ${outcome.detail}` : ""}`;
  });
  const footer: string[] = [];
  if (state.phase === "planned") {
    footer.push(
      context.confirmRequired
        ? `To execute this plan, an authorized maintainer comments \`/rollback ${plan.tag} --confirm\` within ${context.ttlMinutes} minutes (until ${new Date(Date.parse(plan.createdAt) + context.ttlMinutes * 60_000).toISOString()}).`
        : "This was a dry run: nothing was changed.",
    );
  }
  if (state.failure) footer.push(`❌ ${state.failure.what} failed: ${state.failure.detail}. Nothing after that was done; comment \`/rollback ${plan.tag} --confirm\` to try again.`);
  if (state.phase === "failed") footer.push(`Fix the cause, then comment \`/rollback ${plan.tag} --confirm\` to resume from the failed step; finished steps are not repeated.`);
  for (const warning of state.warnings) footer.push(`> [!WARNING]\n> ${warning}`);
  return [heading, "", ...planDetails(plan), "", "**Steps**", "", ...steps, "", ...footer].join("\n").trimEnd();
}

export function renderHelp(allowedRoles: readonly string[], confirmRequired: boolean, ttlMinutes: number, defaultSeverity: Severity): string {
  return [
    "### Anvil commands",
    "",
    "```",
    "/rollback <tag> [--severity critical|high|medium|low] [--revoke delete|mark|none] [--reason \"<text>\"] [--advisory] [--dry-run] [--confirm]",
    "/rollback <tag> --resolved-by <fix-tag>",
    "/rollback help",
    "/anvil help",
    "/anvil post-mortem <tag>",
    "/anvil drill [--dry-run]",
    "```",
    "",
    "- `/rollback v0.1.0` plans the revocation of release `v0.1.0` and changes nothing: the plan lists every step it would take.",
    confirmRequired
      ? `- \`/rollback v0.1.0 --confirm\` executes a plan made in the last ${ttlMinutes} minutes on the same issue (and resumes one that stopped at a failed step).`
      : "- Confirmation is off in this repository: `/rollback v0.1.0` executes directly (use `--dry-run` to only plan).",
    `- \`--severity\` (default here: \`${defaultSeverity}\`, set by \`rollback.defaultSeverity\`) picks the response from the decision matrix: whether the release and tag are deleted, revoked in place or kept, the announcement, a private draft advisory, the release notes, and the deadline.`,
    "- `--revoke` overrides the severity's choice for this run: `delete` the release and tag, `mark` them revoked in place, or `none`.",
    "- `--advisory` drafts a private security advisory where the severity only drafts one on request.",
    "- `--reason` is quoted in the announcement (say what to do, not how to exploit).",
    "- `--resolved-by v0.1.1` marks the incident of `v0.1.0` resolved when the fix is not simply a higher release (a higher release resolves it by itself).",
    "- `/anvil post-mortem v0.1.0` opens the post-mortem pull request for the incident of `v0.1.0`.",
    "- `/anvil drill` practises the whole rollback on a throwaway pre-release and cleans up after itself (`--dry-run` shows what it would do).",
    "",
    `Who may run it: collaborators with the ${allowedRoles.map((role) => `\`${role}\``).join(" or ")} role in this repository.`,
  ].join("\n");
}

export function renderUnauthorized(user: string, role: string, allowedRoles: readonly string[], command = "/rollback"): string {
  const allowed = allowedRoles.length === 0 ? "nobody (the organization's configuration allows no role)" : allowedRoles.map((r) => `\`${r}\``).join(" or ");
  return [
    `Sorry @${user}, \`${command}\` needs the ${allowed} role in this repository, and yours is \`${inert(role, 40)}\`.`,
    "",
    "Nothing was changed. Please ask a maintainer to run the command.",
  ].join("\n");
}

export function renderInvalid(message: string): string {
  return [`Sorry, I could not run that command. ${message}`, "", "Nothing was changed. `/rollback help` shows the grammar."].join("\n");
}

export function renderTagNotFound(tag: string): string {
  return [`Sorry, I found no release for \`${tag}\` in this repository (with or without the \`v\` prefix).`, "", "Nothing was changed. Check the tag with `gh release list`."].join("\n");
}

/** The tag names a draft: nobody could have installed it, so there is nothing to revoke. */
export function renderDraftRelease(tag: string): string {
  return [`Sorry, I won't roll back \`${tag}\`: it is a draft, not a published release.`, "", "Nothing was changed."].join("\n");
}

export function renderAlreadyDone(tag: string): string {
  return `The rollback of \`${tag}\` is already complete; nothing was repeated.`;
}

/** Added under a plan made by a `--confirm` that had nothing (fresh) to confirm. */
export function renderFreshPlanNote(tag: string, reason: "expired" | "no-plan"): string {
  return `\n\n_${reason === "expired" ? "The earlier plan expired" : "There was no recent plan for this tag on this issue"}: this is a fresh plan. Check it, then comment \`/rollback ${tag} --confirm\`._`;
}

export function renderTagMoved(tag: string, current: string, planned: string): string {
  return `Tag \`${tag}\` now points to \`${current}\`, not to the planned \`${planned}\`. Nothing was changed; run \`/rollback ${tag}\` again to plan afresh.`;
}

/** A `--confirm` while the newest status comment for the tag was edited by someone. */
export function renderTampered(tag: string, commentId: number): string {
  return [
    `Sorry, I won't run this rollback: [my status comment](#issuecomment-${commentId}) for \`${inert(tag, 64)}\` on this issue was edited after I wrote it, so its plan can no longer be verified.`,
    "",
    `Nothing was changed. Run \`/rollback ${inert(tag, 64)}\` to make a fresh plan, check it, then confirm that one.`,
  ].join("\n");
}

export function describeDifferences(differences: readonly FlagDifference[]): string {
  return differences.map((d) => `\`--${d.flag}\`: the plan has “${inert(d.planned, 120)}”, the confirmation asks for “${inert(d.requested, 120)}”`).join("; ");
}

/** Under a new plan made because a `--confirm` asked for something else than the plan shown. */
export function renderMismatchNote(tag: string, differences: readonly FlagDifference[]): string {
  return `\n\n_The \`--confirm\` asked for something other than the plan it would have confirmed (${describeDifferences(differences)}). Nothing was run: this is a new plan with what was asked for. Check it, then comment \`/rollback ${tag} --confirm\`._`;
}

/** A `--confirm` with other flags on a rollback that already started. */
export function renderMismatchRefusal(tag: string, differences: readonly FlagDifference[]): string {
  return [
    `Sorry, I won't change a rollback that has already started: ${describeDifferences(differences)}.`,
    "",
    `Nothing was changed. To resume it as planned, comment \`/rollback ${tag} --confirm\` without other flags.`,
  ].join("\n");
}

/** Planning failed on a GitHub error (not a missing release): nothing exists yet to show it in. */
export function renderPlanFailed(tag: string, detail: string): string {
  return [`Sorry, I could not plan the rollback of \`${inert(tag, 64)}\`: ${inert(detail, 300)}.`, "", "Nothing was changed. Try the command again in a moment."].join("\n");
}

/** What failed outside the steps, as shown in the status comment. */
export const failureWhat = {
  checkTag: "Checking that the tag still points to the planned commit",
  saveStatus: "Saving this status comment",
} as const;
