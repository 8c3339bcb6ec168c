import { CONFIG_PATH, resolveConfig, type ConfigResult, type Layer } from "../../config/resolve-config.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import { describeLoadFailure, type LoadFailure } from "../../messages/config-problem.js";
export type { ConfigProblem, ConfigResult } from "../../config/resolve-config.js";

/** What Probot's loader refused, from its error message (its only signal). */
function classifyLoadError(error: unknown): LoadFailure {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message.split("\n")[0] : undefined;
  if (message.includes("invalid YAML")) return { kind: "invalid-yaml", ...(cause ? { detail: cause } : {}) };
  if (message.includes("not an object")) return { kind: "not-a-mapping" };
  if (message.includes("Recursion detected")) return { kind: "extends-loop" };
  return { kind: "other", detail: message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") };
}

type LoadedFile = { owner: string; repo: string; path: string; config: Record<string, unknown> | null };

const label = (file: { owner: string; repo: string; path: string }) => `${file.owner}/${file.repo}:${file.path}`;

/** Files as layers, lowest precedence first (the loader lists the requested file first). */
function toLayers(files: LoadedFile[]): Layer[] {
  return files
    .filter((file) => file.config !== null)
    .reverse()
    .map((file) => ({ file: label(file), config: file.config ?? {} }));
}

function isOrganizationFile(file: { owner: string; repo: string; path: string }, owner: string): boolean {
  return file.owner === owner && file.repo === ".github" && file.path === CONFIG_PATH;
}

/**
 * The loader's error names the URL of the file it failed on; that file is the one at fault. It
 * belongs to the organization when it lives in the organization's `.github` repository.
 */
function loadProblem(error: unknown, repo: RepoRef): ConfigResult {
  const message = error instanceof Error ? error.message : "";
  const url = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\/([^\s?)"]+)/.exec(message);
  const file = url ? { owner: decodeURIComponent(url[1] ?? ""), repo: decodeURIComponent(url[2] ?? ""), path: decodeURIComponent(url[3] ?? "") } : { ...repo, path: CONFIG_PATH };
  const scope = file.owner === repo.owner && file.repo === ".github" ? "organization" : "repository";
  const problem = { file: label(file), message: describeLoadFailure(classifyLoadError(error)), scope } as const;
  return { ok: false, problem, scope };
}

/** A request that failed (rate limit, outage) says nothing about the file: not a config problem. */
function isRequestFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && "status" in error && typeof (error as { status: unknown }).status === "number";
}

async function readChain(octokit: GitHub, repo: RepoRef): Promise<LoadedFile[]> {
  const { files } = await octokit.config.get({ ...repo, path: CONFIG_PATH });
  return files as LoadedFile[];
}

/**
 * Read `.github/anvil.yml` with Probot's config loader and validate it (see `resolveConfig`).
 *
 * Two chains are read: the repository's (its file and what it `_extends`) and the organization's
 * (`<org>/.github`, and what that extends). The organization's chain always lies beneath the
 * repository's and carries the organization's policy, whatever the repository's `_extends` names:
 * a repository cannot step out of its organization's policy by extending another file.
 * Costs one read when the repository has no file (the loader then reads the organization's) or
 * extends the organization's file; two otherwise. Never throws for a broken file: that is a
 * ConfigProblem, scoped to the organization when the organization's file is at fault.
 */
export async function loadConfig(octokit: GitHub, repo: RepoRef): Promise<ConfigResult> {
  const orgRepo = { owner: repo.owner, repo: ".github" };
  try {
    if (repo.repo === ".github") {
      // The organization's own repository: its file is the organization's.
      return resolveConfig([], toLayers(await readChain(octokit, repo)));
    }
    const files = await readChain(octokit, repo);
    let own: LoadedFile[];
    let organization: LoadedFile[];
    if (files[0]?.config === null) {
      // No file of its own: the loader fell back to the organization's file (and its `_extends`).
      own = [];
      organization = files.slice(1);
    } else {
      const joins = files.findIndex((file) => isOrganizationFile(file, repo.owner));
      own = joins === -1 ? files : files.slice(0, joins);
      organization = joins === -1 ? await readChain(octokit, orgRepo) : files.slice(joins);
    }
    return resolveConfig(toLayers(own), toLayers(organization));
  } catch (error) {
    if (isRequestFailure(error)) throw error;
    return loadProblem(error, repo);
  }
}
