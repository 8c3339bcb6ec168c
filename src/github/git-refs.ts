import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/**
 * The commit `refs/tags/<tag>` points to (annotated tags peeled), or undefined when the tag does
 * not exist. Reads the tag ref and nothing else: a branch or commit that happens to carry the same
 * name never answers, which the "has the tag moved since the plan" check relies on. (`commits.ts`
 * `resolveCommit` resolves any ref — branch, tag or sha — to a commit, for a release's target.)
 */
export async function getTagCommit(octokit: GitHub, repo: RepoRef, tag: string): Promise<string | undefined> {
  let object: { sha: string; type: string };
  try {
    ({ data: { object } } = await octokit.rest.git.getRef({ ...repo, ref: `tags/${tag}` }));
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
  // An annotated tag points to a tag object; follow it (tags of tags included) to the commit.
  for (let depth = 0; object.type === "tag" && depth < 5; depth++) {
    const { data } = await octokit.rest.git.getTag({ ...repo, tag_sha: object.sha });
    object = data.object;
  }
  return object.sha;
}

/** Delete `refs/tags/<tag>`; GitHub answers 422 "Reference does not exist" when it is gone already. */
export async function deleteTag(octokit: GitHub, repo: RepoRef, tag: string): Promise<"deleted" | "already gone"> {
  return deleteRef(octokit, repo, `tags/${tag}`);
}

/** Delete a git reference (`tags/<name>`, `heads/<name>`); 404 or 422 "Reference does not exist" mean it is gone already. */
export async function deleteRef(octokit: GitHub, repo: RepoRef, ref: string): Promise<"deleted" | "already gone"> {
  try {
    await octokit.rest.git.deleteRef({ ...repo, ref });
    return "deleted";
  } catch (error) {
    if (hasStatus(error, 404) || (hasStatus(error, 422) && /does not exist/i.test(String((error as Error).message)))) return "already gone";
    throw error;
  }
}
