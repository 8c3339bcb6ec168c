import type { RollbackPlan, RollbackState, StepId } from "../rollback/plan.js";
import { inert } from "../markdown/escape.js";
import { describeResponse, renderResponseNote, renderTagCost, responseStepLabel } from "./response.js";

/** Step labels come from the response's texts (messages/response.ts): one wording for plan, status and docs. */
function stepLabel(step: StepId, plan: RollbackPlan): string {
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
    `| Requested by | ${plan.requestedBy}${plan.reason ? `: “${inert(plan.reason, 300)}”` : ""} |`,
    ...(plan.response?.notes ?? []).map((note) => `\n> [!NOTE]\n> ${renderResponseNote(note)}`),
    ...plan.costs.map((cost) => `\n> [!WARNING]\n> ${renderTagCost(cost, plan.tag)}`),
  ];
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
  if (state.phase === "failed") footer.push(`Fix the cause, then comment \`/rollback ${plan.tag} --confirm\` to resume from the failed step; finished steps are not repeated.`);
  for (const warning of state.warnings) footer.push(`> [!WARNING]\n> ${warning}`);
  return [heading, "", ...planDetails(plan), "", "**Steps**", "", ...steps, "", ...footer].join("\n").trimEnd();
}

export function renderHelp(allowedRoles: readonly string[], confirmRequired: boolean, ttlMinutes: number): string {
  return [
    "### Anvil commands",
    "",
    "```",
    "/rollback <tag> [--severity critical|high|medium|low] [--reason \"<text>\"] [--advisory] [--dry-run] [--confirm]",
    "/rollback help",
    "/anvil help",
    "```",
    "",
    "- `/rollback v0.1.0` plans the revocation of release `v0.1.0` and changes nothing.",
    confirmRequired
      ? `- \`/rollback v0.1.0 --confirm\` executes a plan made in the last ${ttlMinutes} minutes on the same issue (and resumes one that stopped at a failed step).`
      : "- Confirmation is off in this repository: `/rollback v0.1.0` executes directly (use `--dry-run` to only plan).",
    "- `--severity` (default `high`) picks the action and deadline from the decision matrix; `critical` also drafts a security advisory, as does `--advisory`.",
    "- `--reason` is quoted in the announcement (say what to do, not how to exploit).",
    "- Executing deletes the release and its tag, opens and pins an announcement telling users which version to pin to, drafts a private advisory when called for, and opens an incident issue with the rest of the procedure.",
    "",
    `Who may run it: collaborators with the ${allowedRoles.map((role) => `\`${role}\``).join(" or ")} role in this repository.`,
  ].join("\n");
}

export function renderUnauthorized(user: string, role: string, allowedRoles: readonly string[]): string {
  const allowed = allowedRoles.length === 0 ? "nobody (the organization's configuration allows no role)" : allowedRoles.map((r) => `\`${r}\``).join(" or ");
  return [
    `Sorry @${user}, \`/rollback\` needs the ${allowed} role in this repository, and yours is \`${inert(role, 40)}\`.`,
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

export function renderNotARelease(tag: string, why: string): string {
  return [`Sorry, I won't roll back \`${tag}\`: ${why}.`, "", "Nothing was changed."].join("\n");
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
