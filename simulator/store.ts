import { createHash } from "node:crypto";
import type { InstallationSeed } from "./installations.js";

/** How a test or the sandbox describes a repository to start from. */
export interface RepoSeed {
  owner: string;
  repo: string;
  defaultBranch?: string;
  /** Head commit of the default branch. */
  headSha?: string;
  /** login → role_name (admin, maintain, write, triage, read). */
  collaborators?: Record<string, string>;
  /** Files on the default branch, path → text. */
  files?: Record<string, string>;
  /** A private repository (default: public). */
  private?: boolean;
  /** Branches besides the default one: name → files (path → text), branched from the default branch's head. */
  branches?: Record<string, Record<string, string>>;
  /** New published releases are immutable (the repository or organization setting). */
  immutableReleases?: boolean;
  releases?: Array<{
    tag: string;
    name?: string;
    body?: string;
    sha?: string;
    draft?: boolean;
    prerelease?: boolean;
    immutable?: boolean;
    publishedAt?: string;
    assets?: Array<{ name: string; size: number; digest?: string }>;
  }>;
  /** Extra lightweight tags without releases: tag → commit sha. */
  tags?: Record<string, string>;
  /** Repository security advisories: available (default), forbidden (403: permission missing) or unavailable (404). */
  advisories?: "available" | "forbidden" | "unavailable";
  /** Repository security advisories that exist before the story starts (oldest first). */
  securityAdvisories?: Array<{
    summary: string;
    description?: string;
    severity?: "critical" | "high" | "medium" | "low";
    state?: "triage" | "draft" | "published" | "closed";
    vulnerabilities?: AdvisoryVulnerability[];
  }>;
  /** Issues that exist before the story starts (e.g. human pins). */
  issues?: Array<{ title: string; body?: string; author?: string; pinned?: boolean; labels?: string[] }>;
}

export interface SimulatorSeed {
  /** `installationId` and `account`: the default installation (42 on acme), which covers every repository no other installation's account owns. */
  app?: { id?: number; slug?: string; installationId?: number; account?: string };
  /** More installations, one per account (docs/simulator.md). */
  installations?: InstallationSeed[];
  repos: RepoSeed[];
}

export interface User {
  login: string;
  id: number;
  node_id: string;
  type: "User" | "Bot";
}

export interface Comment {
  id: number;
  node_id: string;
  body: string;
  user: User;
  created_at: string;
  updated_at: string;
  reactions: Array<{ content: string; user: string }>;
}

export interface Issue {
  number: number;
  node_id: string;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  user: User;
  viaApp: boolean;
  comments: Comment[];
  pinned: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface Release {
  id: number;
  node_id: string;
  tag_name: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  target_commitish: string;
  created_at: string;
  published_at: string | null;
  author: User;
  assets: Array<{ id: number; name: string; size: number; digest: string | null }>;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  details_url: string | null;
  started_at: string;
  completed_at: string | null;
}

export interface AdvisoryVulnerability {
  package: { ecosystem: string; name?: string | null };
  vulnerable_version_range?: string | null;
  patched_versions?: string | null;
  vulnerable_functions?: string[] | null;
}

export interface Advisory {
  ghsa_id: string;
  cve_id: string | null;
  summary: string;
  description: string;
  severity: string | null;
  cvss_vector_string: string | null;
  state: "triage" | "draft" | "published" | "closed";
  vulnerabilities: AdvisoryVulnerability[];
  cwe_ids: string[];
  author: User;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  closed_at: string | null;
}

/** A pull request: an issue (same number sequence, comments, labels) with a head and a base branch. */
export interface PullRequest extends Issue {
  head: string;
  base: string;
  draft: boolean;
  maintainer_can_modify: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  merged_by: User | null;
}

/** A commit: the files of the whole tree and the parent commits. */
export interface Commit {
  sha: string;
  message: string;
  parents: string[];
  files: Map<string, string>;
  at: string;
}

/** A `POST /repos/{o}/{r}/dispatches` the app sent (a `repository_dispatch` event). */
export interface Dispatch {
  event_type: string;
  client_payload: Record<string, unknown>;
  at: string;
}

export interface RepoState {
  id: number;
  owner: string;
  repo: string;
  defaultBranch: string;
  /** Head commit of the default branch (its files are `files`). */
  headSha: string;
  /** Branches besides the default one: name → head commit sha (see branchHead / branchFiles). */
  branches: Map<string, string>;
  /** Every commit the simulator knows: seeded heads, tags, contents writes, merges. */
  commits: Map<string, Commit>;
  collaborators: Map<string, string>;
  files: Map<string, string>;
  issues: Map<number, Issue>;
  labels: Map<string, { name: string; color: string; description: string | null }>;
  releases: Release[];
  /** Tag name → commit sha (lightweight tags); annotated tags are not modelled. */
  tags: Map<string, string>;
  checkRuns: CheckRun[];
  advisories: Advisory[];
  advisoryMode: "available" | "forbidden" | "unavailable";
  /** Pull requests by number (their numbers come from the issues' sequence). */
  pulls: Map<number, PullRequest>;
  /** `repository_dispatch` events the app created, in order. */
  dispatches: Dispatch[];
  /**
   * The release GitHub shows as Latest, when one was made latest explicitly (`make_latest`);
   * null: decided the legacy way (newest non-draft, non-prerelease by creation date, then version).
   */
  latestReleaseId: number | null;
  immutableReleases: boolean;
  /** Tag names of deleted immutable releases: burnt for good, no release or tag may take them again. */
  burntTags: Set<string>;
  private: boolean;
  /** Issue and pull request numbers share this sequence, as on GitHub. */
  nextNumber: number;
}

let counter = 1000;
/** Unique ids across the whole simulator, as GitHub's are. */
export function nextId(): number {
  return ++counter;
}

export function sha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function now(): string {
  return new Date().toISOString();
}

export function user(login: string, type: "User" | "Bot" = login.endsWith("[bot]") ? "Bot" : "User"): User {
  const id = Number.parseInt(sha(login).slice(0, 7), 16);
  return { login, id, node_id: `U_${id}`, type };
}

export function createRepo(seed: RepoSeed): RepoState {
  const headSha = seed.headSha ?? sha(`${seed.owner}/${seed.repo}/head`);
  const files = new Map(Object.entries(seed.files ?? {}));
  const state: RepoState = {
    id: nextId(),
    owner: seed.owner,
    repo: seed.repo,
    defaultBranch: seed.defaultBranch ?? "main",
    headSha,
    branches: new Map(),
    commits: new Map([[headSha, { sha: headSha, message: "Initial commit", parents: [], files: new Map(files), at: now() }]]),
    collaborators: new Map(Object.entries(seed.collaborators ?? {})),
    files,
    issues: new Map(),
    labels: new Map(),
    releases: [],
    tags: new Map(Object.entries(seed.tags ?? {})),
    checkRuns: [],
    advisories: [],
    advisoryMode: seed.advisories ?? "available",
    pulls: new Map(),
    dispatches: [],
    latestReleaseId: null,
    immutableReleases: seed.immutableReleases ?? false,
    burntTags: new Set(),
    private: seed.private ?? false,
    nextNumber: 1,
  };
  for (const [name, branchFiles] of Object.entries(seed.branches ?? {})) {
    const commit = addCommit(state, { parents: [headSha], message: `Create ${name}`, files: new Map(Object.entries(branchFiles)) });
    state.branches.set(name, commit.sha);
  }
  for (const [index, release] of (seed.releases ?? []).entries()) {
    const commit = release.sha ?? sha(`${seed.owner}/${seed.repo}/${release.tag}`);
    state.tags.set(release.tag, commit);
    if (!state.commits.has(commit)) state.commits.set(commit, { sha: commit, message: release.tag, parents: [], files: new Map(files), at: now() });
    const published = release.publishedAt ?? new Date(Date.UTC(2026, 0, 1 + index)).toISOString();
    state.releases.push({
      id: nextId(),
      node_id: `RE_${counter}`,
      tag_name: release.tag,
      name: release.name ?? release.tag,
      body: release.body ?? "",
      draft: release.draft ?? false,
      prerelease: release.prerelease ?? false,
      immutable: release.immutable ?? false,
      target_commitish: state.defaultBranch,
      created_at: published,
      published_at: release.draft ? null : published,
      author: user("release-bot[bot]"),
      assets: (release.assets ?? []).map((asset) => ({ id: nextId(), name: asset.name, size: asset.size, digest: asset.digest ?? null })),
    });
  }
  for (const [index, seeded] of (seed.securityAdvisories ?? []).entries()) {
    const at = new Date(Date.UTC(2026, 0, 1 + index)).toISOString();
    const state_ = seeded.state ?? "draft";
    state.advisories.push({
      ghsa_id: ghsaId(),
      cve_id: null,
      summary: seeded.summary,
      description: seeded.description ?? seeded.summary,
      severity: seeded.severity ?? null,
      cvss_vector_string: null,
      state: state_,
      vulnerabilities: seeded.vulnerabilities ?? [{ package: { ecosystem: "other", name: seed.repo } }],
      cwe_ids: [],
      author: user("octocat"),
      created_at: at,
      updated_at: at,
      published_at: state_ === "published" ? at : null,
      closed_at: state_ === "closed" ? at : null,
    });
  }
  for (const seeded of seed.issues ?? []) {
    const issue = openIssue(state, { title: seeded.title, body: seeded.body ?? "", author: seeded.author ?? "octocat" });
    issue.labels = seeded.labels ?? [];
    issue.pinned = seeded.pinned ?? false;
  }
  return state;
}

/** A human opens an issue (as in GitHub's UI): for stories and tests. */
export function openIssue(state: RepoState, issue: { title: string; body?: string; author: string }): Issue {
  const number = state.nextNumber++;
  const created: Issue = {
    number,
    node_id: `I_${state.repo}_${number}`,
    title: issue.title,
    body: issue.body ?? "",
    state: "open",
    state_reason: null,
    labels: [],
    user: user(issue.author),
    viaApp: false,
    comments: [],
    pinned: false,
    created_at: now(),
    updated_at: now(),
    closed_at: null,
  };
  state.issues.set(number, created);
  return created;
}

/** A release is published outside Anvil (by CI or a maintainer): tag and release appear together. */
export function publishRelease(
  state: RepoState,
  release: { tag: string; name?: string; body?: string; sha?: string; prerelease?: boolean; makeLatest?: "true" | "false" | "legacy"; assets?: Array<{ name: string; size: number; digest?: string }> },
): Release {
  const commit = release.sha ?? state.headSha;
  state.tags.set(release.tag, commit);
  if (!state.commits.has(commit)) state.commits.set(commit, { sha: commit, message: release.tag, parents: [], files: new Map(state.files), at: now() });
  const at = now();
  const published: Release = {
    id: nextId(),
    node_id: `RE_${counter}`,
    tag_name: release.tag,
    name: release.name ?? release.tag,
    body: release.body ?? "",
    draft: false,
    prerelease: release.prerelease ?? false,
    immutable: state.immutableReleases,
    target_commitish: state.defaultBranch,
    created_at: at,
    published_at: at,
    author: user("release-bot[bot]"),
    assets: (release.assets ?? []).map((asset) => ({ id: nextId(), name: asset.name, size: asset.size, digest: asset.digest ?? null })),
  };
  markLatestOnPublish(state, published, release.makeLatest);
  state.releases.push(published);
  return published;
}

/**
 * Where GitHub's Latest pointer goes when `release` is published (created published, or a draft
 * published): `make_latest` defaults to "true" for a newly published full release; a pre-release
 * never becomes Latest; "false" keeps the Latest that was shown before; "legacy" goes back to
 * deciding by date and version. Call before `release` is listed in `state.releases` when new.
 */
export function markLatestOnPublish(state: RepoState, release: Release, makeLatest: string | undefined): void {
  if (makeLatest === "legacy") {
    state.latestReleaseId = null;
  } else if (makeLatest === "false") {
    if (state.latestReleaseId === null) state.latestReleaseId = latestRelease(state, release.id)?.id ?? null;
  } else if (!release.draft && !release.prerelease) {
    state.latestReleaseId = release.id;
  }
}

/** The release `GET /releases/latest` returns (undefined: 404), optionally ignoring one release. */
export function latestRelease(state: RepoState, ignoring?: number): Release | undefined {
  const eligible = state.releases.filter((release) => !release.draft && !release.prerelease && release.id !== ignoring);
  const marked = eligible.find((release) => release.id === state.latestReleaseId);
  if (marked) return marked;
  return eligible.sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : compareVersions(b.tag_name, a.tag_name)))[0];
}

function compareVersions(a: string, b: string): number {
  const parse = (tag: string) => (/^v?(\d+)\.(\d+)\.(\d+)/.exec(tag)?.slice(1).map(Number) ?? [0, 0, 0]) as [number, number, number];
  const [x, y] = [parse(a), parse(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** A GHSA identifier in GitHub's shape (GHSA-xxxx-xxxx-xxxx). */
export function ghsaId(): string {
  const part = () => sha(String(nextId())).slice(0, 4);
  return `GHSA-${part()}-${part()}-${part()}`;
}

/** The git blob sha of a file's text, as GitHub reports it in `sha`. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Record a commit (its whole tree) and return it. */
export function addCommit(state: RepoState, commit: { parents: string[]; message: string; files: Map<string, string> }): Commit {
  const at = now();
  const created: Commit = { sha: sha(`${state.owner}/${state.repo}/${commit.parents.join(",")}/${commit.message}/${nextId()}`), message: commit.message, parents: commit.parents, files: commit.files, at };
  state.commits.set(created.sha, created);
  return created;
}

/** Head commit sha of a branch (the default branch included), or undefined when there is no such branch. */
export function branchHead(state: RepoState, branch: string): string | undefined {
  return branch === state.defaultBranch ? state.headSha : state.branches.get(branch);
}

/** Files of a branch's head (the default branch's are `state.files`). */
export function branchFiles(state: RepoState, branch: string): Map<string, string> | undefined {
  if (branch === state.defaultBranch) return state.files;
  const head = state.branches.get(branch);
  return head === undefined ? undefined : (commitFiles(state, head) ?? new Map<string, string>());
}

/** Move a branch to a commit (the default branch's files follow). */
export function setBranchHead(state: RepoState, branch: string, commitSha: string): void {
  if (branch === state.defaultBranch) {
    // The live files are the old head's tree (tests may have edited them directly): keep that tree with the commit.
    const previous = state.commits.get(state.headSha);
    if (previous) previous.files = new Map(state.files);
    state.headSha = commitSha;
    const files = state.commits.get(commitSha)?.files;
    if (files) {
      state.files.clear();
      for (const [path, text] of files) state.files.set(path, text);
    }
  } else {
    state.branches.set(branch, commitSha);
  }
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export function isAncestor(state: RepoState, ancestor: string, descendant: string): boolean {
  const seen = new Set<string>();
  const queue = [descendant];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === ancestor) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(state.commits.get(current)?.parents ?? []));
  }
  return false;
}

/** Files of a commit, a branch or a tag (what `?ref=` names); undefined when nothing by that name exists. */
export function filesAt(state: RepoState, ref: string | undefined): Map<string, string> | undefined {
  if (ref === undefined || ref === "") return state.files;
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  const branch = branchFiles(state, name);
  if (branch) return branch;
  return commitFiles(state, state.tags.get(name) ?? name);
}

/** Files of a commit (the default branch's head: its live files, which tests may edit directly). */
export function commitFiles(state: RepoState, commitSha: string): Map<string, string> | undefined {
  if (commitSha === state.headSha) return state.files;
  return state.commits.get(commitSha)?.files;
}

/**
 * A human merges a pull request (as in GitHub's UI; also what `PUT …/merge` does): a merge commit
 * on the base branch with the head's changes since the branches diverged. Returns the merge commit
 * sha, or undefined when the pull request is not open or the branches conflict.
 */
export function mergePullRequest(state: RepoState, number: number, by = "octocat"): string | undefined {
  const pull = state.pulls.get(number);
  if (!pull || pull.state !== "open") return undefined;
  const merged = mergedFiles(state, pull);
  const baseHead = branchHead(state, pull.base);
  const headSha = branchHead(state, pull.head);
  if (!merged || baseHead === undefined || headSha === undefined) return undefined;
  const commit = addCommit(state, { parents: [baseHead, headSha], message: `Merge pull request #${number} from ${state.owner}/${pull.head}`, files: merged });
  setBranchHead(state, pull.base, commit.sha);
  const at = now();
  Object.assign(pull, { state: "closed", closed_at: at, updated_at: at, merged_at: at, merge_commit_sha: commit.sha, merged_by: user(by) });
  return commit.sha;
}

/** The base branch's files with the head's changes applied; undefined when both changed a file differently. */
export function mergedFiles(state: RepoState, pull: PullRequest): Map<string, string> | undefined {
  const baseHead = branchHead(state, pull.base);
  const headSha = branchHead(state, pull.head);
  if (baseHead === undefined || headSha === undefined) return undefined;
  const mergeBase = findMergeBase(state, baseHead, headSha);
  const original = (mergeBase !== undefined ? commitFiles(state, mergeBase) : undefined) ?? new Map<string, string>();
  const base = branchFiles(state, pull.base) ?? new Map<string, string>();
  const head = branchFiles(state, pull.head) ?? new Map<string, string>();
  const result = new Map(base);
  for (const path of new Set([...original.keys(), ...head.keys()])) {
    if (head.get(path) === original.get(path)) continue; // unchanged on the head branch
    if (base.get(path) !== original.get(path) && base.get(path) !== head.get(path)) return undefined; // conflict
    const text = head.get(path);
    if (text === undefined) result.delete(path);
    else result.set(path, text);
  }
  return result;
}

function findMergeBase(state: RepoState, a: string, b: string): string | undefined {
  const queue = [b];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (isAncestor(state, current, a)) return current;
    queue.push(...(state.commits.get(current)?.parents ?? []));
  }
  return undefined;
}
