import { getDefaultBranch } from "../../github/branches.js";
import { readFileOnBranch } from "../../github/file-commits.js";
import { createPullRequest } from "../../github/pulls.js";
import { postMortemCommitMessage, postMortemPullBody, postMortemTitle, renderPostMortem } from "../../messages/post-mortem.js";
import { reachDetail } from "../../messages/reach-steps.js";
import { postMortemBranch, postMortemDecision, postMortemPath, postMortemPathBeside, type PostMortemFacts } from "../../rollback/post-mortem.js";
import { commitToOwnBranch, createOwnBranchFromDefault } from "./branch-guard.js";
import type { ReachContext, ReachResult } from "./context.js";
import { pullsFromOwnBranch } from "./own-pulls.js";

/**
 * The post-mortem scaffold as a pull request: one per incident, ever (a pull request from the
 * branch, whatever its state, means done). The file never replaces one on the default branch: an
 * existing path gets the tag beside it. A branch left by an earlier attempt is reused.
 */
export async function openPostMortemPull(ctx: ReachContext, facts: PostMortemFacts, pathTemplate: string): Promise<ReachResult & { pull?: number }> {
  const branch = postMortemBranch(facts.tag);
  const { ours, theirs: [person] } = await pullsFromOwnBranch(ctx.octokit, ctx.repo, branch, ctx.identity.botLogin);
  const decision = postMortemDecision(ours);
  if (!decision.open) return { status: "done", detail: reachDetail.postMortemExists(decision.existing), pull: decision.existing };
  if (person) return { status: "skipped", detail: reachDetail.branchTakenByPerson(branch, person.number, person.author) };

  const planned = postMortemPath(pathTemplate, { date: new Date(facts.revokedAt ?? facts.plannedAt), tag: facts.tag, reason: facts.reason });
  if (planned === undefined) return { status: "skipped", detail: reachDetail.postMortemBadPath };
  const defaultBranch = await getDefaultBranch(ctx.octokit, ctx.repo);
  const taken = (await readFileOnBranch(ctx.octokit, ctx.repo, planned, defaultBranch)) !== undefined;
  const path = taken ? postMortemPathBeside(planned, facts.tag) : planned;

  await createOwnBranchFromDefault(ctx.octokit, ctx.repo, defaultBranch, branch);
  // Written by an earlier attempt that stopped before the pull request: keep it (people may have pushed to it).
  if ((await readFileOnBranch(ctx.octokit, ctx.repo, path, branch)) === undefined) {
    await commitToOwnBranch(ctx.octokit, ctx.repo, defaultBranch, { path, branch, message: postMortemCommitMessage(facts.tag), text: renderPostMortem(facts) });
  }
  const pull = await createPullRequest(ctx.octokit, ctx.repo, { head: branch, base: defaultBranch, title: postMortemTitle(facts.tag), body: postMortemPullBody({ tag: facts.tag, path, incident: facts.incident }) });
  return { status: "done", detail: reachDetail.postMortemOpened(pull.number, path), pull: pull.number };
}
