import { deleteBranch, getDefaultBranch } from "../../github/branches.js";
import { readFileOnBranch } from "../../github/file-commits.js";
import { commentOnIssue } from "../../github/issues.js";
import { closePullRequest, createPullRequest } from "../../github/pulls.js";
import { getReadmePath } from "../../github/readme.js";
import { bannerClosedComment, bannerRemovalCommitMessage, bannerRemovalPullBody, bannerRemovalPullTitle } from "../../messages/readme-banner.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { bannerBranch, bannerRemovalBranch, hasBanner, removeBanner } from "../../rollback/readme-banner.js";
import { commitToOwnBranch, createOwnBranchFromDefault } from "./branch-guard.js";
import type { ReachContext, ReachResult } from "./context.js";
import { pullsFromOwnBranch } from "./own-pulls.js";

/**
 * On resolution: the banner pull request is closed (and its branch deleted) if it is still open;
 * if it was merged, a second pull request removes exactly the banner. Resumable: each part looks
 * for what it made before making it; a banner a person removed already needs no pull request.
 */
export async function retireBanner(ctx: ReachContext, facts: { tag: string; fixedTag: string | undefined }): Promise<ReachResult> {
  const branch = bannerBranch(facts.tag);
  // Only Anvil's own banner pull request is closed, and only its branch deleted.
  const { ours: [banner] } = await pullsFromOwnBranch(ctx.octokit, ctx.repo, branch, ctx.identity.botLogin);
  if (!banner) return { status: "skipped", detail: reachDetail.noBannerPull };
  if (banner.state === "open") {
    await commentOnIssue(ctx.octokit, ctx.repo, banner.number, bannerClosedComment(facts.fixedTag));
    await closePullRequest(ctx.octokit, ctx.repo, banner.number);
    await deleteBranch(ctx.octokit, ctx.repo, branch);
    return { status: "done", detail: reachDetail.bannerPullClosed(banner.number) };
  }
  if (!banner.merged) {
    await deleteBranch(ctx.octokit, ctx.repo, branch);
    return { status: "done", detail: reachDetail.bannerPullWasClosed(banner.number) };
  }

  const removalBranch = bannerRemovalBranch(facts.tag);
  const { ours: [removal], theirs: [person] } = await pullsFromOwnBranch(ctx.octokit, ctx.repo, removalBranch, ctx.identity.botLogin);
  if (removal) return { status: "done", detail: reachDetail.removalPullExists(removal.number) };
  if (person) return { status: "skipped", detail: reachDetail.branchTakenByPerson(removalBranch, person.number, person.author) };
  const defaultBranch = await getDefaultBranch(ctx.octokit, ctx.repo);
  const readmePath = await getReadmePath(ctx.octokit, ctx.repo, defaultBranch);
  const current = readmePath === undefined ? undefined : await readFileOnBranch(ctx.octokit, ctx.repo, readmePath, defaultBranch);
  if (readmePath === undefined || current === undefined || !hasBanner(current.text, facts.tag)) return { status: "done", detail: reachDetail.bannerAlreadyGone };

  await createOwnBranchFromDefault(ctx.octokit, ctx.repo, defaultBranch, removalBranch);
  const onBranch = await readFileOnBranch(ctx.octokit, ctx.repo, readmePath, removalBranch);
  if (onBranch && hasBanner(onBranch.text, facts.tag)) {
    await commitToOwnBranch(ctx.octokit, ctx.repo, defaultBranch, { path: readmePath, branch: removalBranch, message: bannerRemovalCommitMessage(facts.tag), text: removeBanner(onBranch.text, facts.tag), sha: onBranch.sha });
  }
  const pull = await createPullRequest(ctx.octokit, ctx.repo, {
    head: removalBranch,
    base: defaultBranch,
    title: bannerRemovalPullTitle(facts.tag, facts.fixedTag),
    body: bannerRemovalPullBody({ tag: facts.tag, fixedTag: facts.fixedTag, readmePath, bannerPull: banner.number }),
  });
  return { status: "done", detail: reachDetail.removalPullOpened(pull.number) };
}
