import { readRepositoryFile } from "../../github/contents.js";
import { chooseManifest, MANIFEST_FILES, parseManifest, type PackageManifest } from "../../rollback/manifest.js";
import { bareVersion } from "../../versions/versions.js";
import type { CommandContext } from "./command-context.js";

/**
 * The manifest that describes what the release ships, for the plan and the resolution's upgrade
 * command: the configured `rollback.versionFile`, else the best of the root manifests (see
 * `chooseManifest`). Files the plan already read (`alreadyRead`, e.g. go.mod for the tag-deletion costs) are not read again.
 */
export async function findManifest(ctx: Pick<CommandContext, "octokit" | "repo" | "config">, tag: string, alreadyRead: Readonly<Record<string, string>> = {}): Promise<PackageManifest | undefined> {
  const configured = ctx.config.rollback.versionFile;
  const files = configured ? [configured, ...MANIFEST_FILES.filter((file) => file !== configured)] : [...MANIFEST_FILES];
  const candidates: PackageManifest[] = [];
  for (const file of files) {
    const content = alreadyRead[file] ?? (await readRepositoryFile(ctx.octokit, ctx.repo, file));
    const manifest = content === undefined ? undefined : parseManifest(file, content);
    if (manifest) candidates.push(manifest);
    if (manifest && file === configured) break; // the configured file wins: no need to read the others
  }
  return chooseManifest(candidates, bareVersion(tag), configured);
}
