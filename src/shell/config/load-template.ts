import type { AnvilConfig } from "../../config/schema.js";
import { CONFIG_PATH, type ConfigProblem } from "../../config/resolve-config.js";
import { missingTemplateMessage } from "../../messages/config-problem.js";
import { readRepositoryFile } from "../../github/contents.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import { DEFAULT_PRE_RELEASE_TEMPLATE, DEFAULT_RELEASE_TEMPLATE } from "../../checklists/default-templates.js";

export type ChecklistType = "pre-release" | "release";

/**
 * The Markdown template for a checklist: inline from config, from a file in the repository, or
 * the default. Only a `templatePath` costs a request. A missing file is a config problem.
 */
export async function loadTemplate(
  octokit: GitHub,
  repo: RepoRef,
  config: AnvilConfig,
  type: ChecklistType,
): Promise<{ ok: true; template: string } | { ok: false; problem: ConfigProblem }> {
  const source = type === "pre-release" ? config.checklists.preRelease : config.checklists.release;
  if (source.template) return { ok: true, template: source.template };
  if (!source.templatePath) return { ok: true, template: type === "pre-release" ? DEFAULT_PRE_RELEASE_TEMPLATE : DEFAULT_RELEASE_TEMPLATE };
  const text = await readRepositoryFile(octokit, repo, source.templatePath);
  if (text === undefined || text.trim() === "") {
    const key = `checklists.${type === "pre-release" ? "preRelease" : "release"}.templatePath`;
    return {
      ok: false,
      // The file is read from this repository, whichever layer named it: the repository's problem.
      problem: { file: `${repo.owner}/${repo.repo}:${CONFIG_PATH}`, key, message: missingTemplateMessage(key, source.templatePath), scope: "repository" },
    };
  }
  return { ok: true, template: text };
}
