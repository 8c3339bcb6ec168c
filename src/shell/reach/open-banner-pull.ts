import { getDefaultBranch } from "../../github/branches.js";
import { readFileOnBranch } from "../../github/file-commits.js";
import { createPullRequest } from "../../github/pulls.js";
import { getReadmePath } from "../../github/readme.js";
import { bannerCommitMessage, bannerPullBody, bannerPullTitle, renderReadmeBanner, type BannerFacts } from "../../messages/readme-banner.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { bannerBranch, hasBanner, insertBanner, isMarkdownReadme } from "../../rollback/readme-banner.js";
import { commitToOwnBranch, createOwnBranchFromDefault } from "./branch-guard.js";
import type { ReachContext, ReachResult } from "./context.js";
import { pullsFromOwnBranch } from "./own-pulls.js";

/**
 * A pull request that adds the warning banner to the README GitHub shows. Resumable: an existing
 * pull request from the banner branch (open, merged, or closed by a person) means done; a branch
 * left by an earlier attempt is reused, and the banner is written only when it is not there yet.
 */
export async function openBannerPull(ctx: ReachContext, facts: BannerFacts & { incidentUrl: string | undefined }): Promise<ReachResult & { pull?: number }> {
  const branch = bannerBranch(facts.tag);
  const { ours: [existing], theirs: [person] } = await pullsFromOwnBranch(ctx.octokit, ctx.repo, branch, ctx.identity.botLogin);
  if (existing) return { status: "done", detail: reachDetail.bannerPullExists(existing.number, existing.state, existing.merged), pull: existing.number };
  if (person) return { status: "skipped", detail: reachDetail.branchTakenByPerson(branch, person.number, person.author) };

  const defaultBranch = await getDefaultBranch(ctx.octokit, ctx.repo);
  const readmePath = await getReadmePath(ctx.octokit, ctx.repo, defaultBranch);
  if (readmePath === undefined) return { status: "skipped", detail: reachDetail.noReadme };
  if (!isMarkdownReadme(readmePath)) return { status: "skipped", detail: reachDetail.readmeNotMarkdown(readmePath) };

  await createOwnBranchFromDefault(ctx.octokit, ctx.repo, defaultBranch, branch);
  const readme = await readFileOnBranch(ctx.octokit, ctx.repo, readmePath, branch);
  if (readme === undefined) return { status: "skipped", detail: reachDetail.noReadme };
  if (!hasBanner(readme.text, facts.tag)) {
    await commitToOwnBranch(ctx.octokit, ctx.repo, defaultBranch, { path: readmePath, branch, message: bannerCommitMessage(facts.tag), text: insertBanner(readme.text, facts.tag, renderReadmeBanner(facts)), sha: readme.sha });
  }
  const pull = await createPullRequest(ctx.octokit, ctx.repo, { head: branch, base: defaultBranch, title: bannerPullTitle(facts.tag, facts.drill), body: bannerPullBody({ ...facts, readmePath }) });
  return { status: "done", detail: reachDetail.bannerPullOpened(pull.number), pull: pull.number };
}
