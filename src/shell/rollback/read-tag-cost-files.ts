import { listDirectory, readRepositoryFile } from "../../github/contents.js";
import { TAG_COST_FILES, WORKFLOWS_DIRECTORY, type TagCostFacts } from "../../rollback/tag-deletion-costs.js";
import type { CommandContext } from "./command-context.js";

/** Workflows read at most: enough for any real repository, bounded for a hostile one. */
const MAX_WORKFLOWS = 20;

/**
 * The files that reveal what deleting a tag costs (go.mod, semantic-release and release-please
 * configuration, workflows). One listing of the root and of the workflows folder, then only the
 * files that exist. Read only for plans that delete a tag.
 */
export async function readTagCostFiles(ctx: CommandContext): Promise<Pick<TagCostFacts, "files" | "workflows">> {
  const root = new Set(await listDirectory(ctx.octokit, ctx.repo, ""));
  const files: Record<string, string> = {};
  for (const file of TAG_COST_FILES.filter((name) => root.has(name))) {
    const content = await readRepositoryFile(ctx.octokit, ctx.repo, file);
    if (content !== undefined) files[file] = content;
  }
  const workflows: Record<string, string> = {};
  if (root.has(".github/")) {
    const names = (await listDirectory(ctx.octokit, ctx.repo, WORKFLOWS_DIRECTORY)).filter((name) => /\.ya?ml$/.test(name)).sort().slice(0, MAX_WORKFLOWS);
    for (const name of names) {
      const content = await readRepositoryFile(ctx.octokit, ctx.repo, `${WORKFLOWS_DIRECTORY}/${name}`);
      if (content !== undefined) workflows[`${WORKFLOWS_DIRECTORY}/${name}`] = content;
    }
  }
  return { files, workflows };
}
