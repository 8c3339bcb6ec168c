import { drillRecordsIn } from "../../checklists/drill-reminder.js";
import { getBranchSha, getDefaultBranch } from "../../github/branches.js";
import { listNewestWithLabel } from "../../github/issues.js";
import { getTagCommit } from "../../github/git-refs.js";
import { getLatestRelease, listReleasesUntil } from "../../github/releases.js";
import { DRILL_LABEL, planDrill, type DrillDecision, type DrillFacts } from "../../rollback/drill.js";
import type { CommandContext } from "../rollback/command-context.js";

/** Pages of releases read for drill tags left by earlier drills (newest first). */
const RELEASE_PAGES = 3;
/** Past drills read (newest first) for the tags they used: one page, decades of quarterly drills. */
const PAST_DRILLS_READ = 100;
/** Tags tried at most when the chosen one exists without a release (a tag pushed by hand). */
const TAG_ATTEMPTS = 10;

/**
 * Read what `planDrill` needs (default branch and its head, the Latest release, tags in use, the
 * configuration) and plan. Changes nothing: the dry run and the real drill both start here.
 * Tags in use include those of past drills (their signed records), whose releases and tags are
 * gone: the saga finds its issues, advisory and pull request by tag, and must never find an
 * earlier drill's.
 */
export async function planFromRepository(ctx: CommandContext): Promise<{ decision: DrillDecision; previousLatest: { id: number; tag: string } | null }> {
  const defaultBranch = await getDefaultBranch(ctx.octokit, ctx.repo);
  const defaultBranchSha = await getBranchSha(ctx.octokit, ctx.repo, defaultBranch);
  if (defaultBranchSha === undefined) throw new Error(`the default branch ${defaultBranch} has no commit`);
  const latest = await getLatestRelease(ctx.octokit, ctx.repo);
  const releases = await listReleasesUntil(ctx.octokit, ctx.repo, () => false, RELEASE_PAGES);
  const pastDrills = drillRecordsIn(await listNewestWithLabel(ctx.octokit, ctx.repo, DRILL_LABEL, PAST_DRILLS_READ), ctx.markers);
  const severity = ctx.config.rollback.defaultSeverity;
  const policy = ctx.config.rollback.severities[severity];
  const facts: DrillFacts = {
    latestTag: latest?.tag,
    existingTags: [...releases.map((release) => release.tag), ...pastDrills.map((drill) => drill.tag)],
    defaultBranch,
    defaultBranchSha,
    // The repository setting has no REST endpoint; a Latest release that came out immutable shows it is on.
    immutableReleases: latest?.immutable === true,
    severity,
    response: policy,
    deadlineMinutes: policy.respondWithinMinutes,
    readmeBanner: ctx.config.readmeBanner.enabled,
    dispatch: ctx.config.notifications.dispatch,
    webhook: ctx.notifyUrl !== undefined,
  };
  const taken = [...facts.existingTags];
  let decision = planDrill(facts);
  for (let attempt = 1; decision.kind === "plan" && attempt < TAG_ATTEMPTS && (await getTagCommit(ctx.octokit, ctx.repo, decision.plan.tag)) !== undefined; attempt++) {
    taken.push(decision.plan.tag);
    decision = planDrill({ ...facts, existingTags: taken });
  }
  return { decision, previousLatest: latest ? { id: latest.id, tag: latest.tag } : null };
}
