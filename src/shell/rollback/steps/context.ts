import type { Logger } from "probot";
import type { AnvilConfig } from "../../../config/schema.js";
import type { AppIdentity } from "../../../github/app-identity.js";
import { readRepositoryFile } from "../../../github/contents.js";
import { findOwnIssues, type IssueSnapshot } from "../../../github/issues.js";
import type { GitHub, RepoRef } from "../../../github/types.js";
import type { MarkerCodec } from "../../../markers/codec.js";
import { ANNOUNCEMENT_MARKER, INCIDENT_MARKER } from "../../../rollback/marker-kinds.js";
import { MANIFEST_FILES, parseManifest, type PackageManifest } from "../../../rollback/manifest.js";
import type { RollbackState } from "../../../rollback/plan.js";

/** What every saga step may use. Built only by `buildStepContext` below, and only when executing for real (the saga, a drill). */
export interface StepContext {
  octokit: GitHub;
  repo: RepoRef;
  config: AnvilConfig;
  identity: AppIdentity;
  log: Logger;
  markers: MarkerCodec;
  /** The rollback's state: a step records what it created here (ids of issues, the advisory). */
  state: RollbackState;
  /** The repository's manifest, read at most once per run, by the first step that needs it. */
  manifest: () => Promise<PackageManifest | undefined>;
  /** Anvil's own issues for this tag (announcement, incident), listed at most once per run. */
  ownIssues: () => Promise<IssueSnapshot[]>;
  /** The rollback's status comment (the incident's marker points at it, for the resolution's link). */
  statusComment?: { issue: number; comment: number };
  /** The deployment's direct notification webhook (see CommandContext). */
  notifyUrl?: string;
}

export interface StepResult {
  status: "done" | "skipped";
  /** Shown after the step's label in the status comment (text from `messages/rollback-steps.ts`). */
  detail: string;
}

/** One step of the saga: idempotent (a resumed run may call it again after a failure). */
export type SagaStep = (ctx: StepContext) => Promise<StepResult>;

/**
 * The one builder of a step context, for the saga (`run-saga.ts`) and the drill (`shell/drill/context.ts`):
 * the command's capabilities, the rollback's state, and the per-run caches of the manifest and Anvil's own issues.
 */
export function buildStepContext(command: Pick<StepContext, "octokit" | "repo" | "config" | "identity" | "log" | "markers" | "notifyUrl">, state: RollbackState, statusComment: { issue: number; comment: number }): StepContext {
  const { octokit, repo, config, identity, log, markers, notifyUrl } = command;
  return {
    ...(notifyUrl !== undefined ? { notifyUrl } : {}),
    octokit,
    repo,
    config,
    identity,
    log,
    markers,
    state,
    statusComment,
    manifest: loadManifestOnce(octokit, repo, config, state.plan.manifest),
    ownIssues: listOwnIssuesOnce(octokit, repo, identity, markers, state.plan.tag),
  };
}

/** Whether an issue carries Anvil's signed marker of `kind` for `tag`. */
export function isOwnIssueFor(markers: MarkerCodec, kind: string, tag: string) {
  return (issue: Pick<IssueSnapshot, "body">) => markers.find(issue.body, kind)?.tag === tag;
}

/**
 * The manifest the plan showed (re-read for its current version), or for plans written before
 * plans named one, the first manifest found.
 */
export function loadManifestOnce(octokit: GitHub, repo: RepoRef, config: AnvilConfig, planned?: { file: string } | null): () => Promise<PackageManifest | undefined> {
  let pending: Promise<PackageManifest | undefined> | undefined;
  return () =>
    (pending ??= (async () => {
      const candidates = planned ? [planned.file] : config.rollback.versionFile ? [config.rollback.versionFile, ...MANIFEST_FILES] : [...MANIFEST_FILES];
      for (const file of candidates) {
        const content = await readRepositoryFile(octokit, repo, file);
        if (content !== undefined) return parseManifest(file, content);
      }
      return undefined;
    })());
}

export function listOwnIssuesOnce(octokit: GitHub, repo: RepoRef, identity: AppIdentity, markers: MarkerCodec, tag: string): () => Promise<IssueSnapshot[]> {
  let pending: Promise<IssueSnapshot[]> | undefined;
  const wanted = (issue: IssueSnapshot) => isOwnIssueFor(markers, ANNOUNCEMENT_MARKER, tag)(issue) || isOwnIssueFor(markers, INCIDENT_MARKER, tag)(issue);
  return () => (pending ??= findOwnIssues(octokit, repo, identity.botLogin, wanted));
}
