import { createHash } from "node:crypto";

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
  /** Issues that exist before the story starts (e.g. human pins). */
  issues?: Array<{ title: string; body?: string; author?: string; pinned?: boolean; labels?: string[] }>;
}

export interface SimulatorSeed {
  app?: { id?: number; slug?: string; installationId?: number };
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
  make_latest?: string;
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

export interface Advisory {
  ghsa_id: string;
  summary: string;
  description: string;
  severity: string | null;
  state: "draft";
  vulnerabilities: unknown[];
  created_at: string;
}

export interface RepoState {
  id: number;
  owner: string;
  repo: string;
  defaultBranch: string;
  headSha: string;
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
  const state: RepoState = {
    id: nextId(),
    owner: seed.owner,
    repo: seed.repo,
    defaultBranch: seed.defaultBranch ?? "main",
    headSha,
    collaborators: new Map(Object.entries(seed.collaborators ?? {})),
    files: new Map(Object.entries(seed.files ?? {})),
    issues: new Map(),
    labels: new Map(),
    releases: [],
    tags: new Map(Object.entries(seed.tags ?? {})),
    checkRuns: [],
    advisories: [],
    advisoryMode: seed.advisories ?? "available",
    nextNumber: 1,
  };
  for (const [index, release] of (seed.releases ?? []).entries()) {
    const commit = release.sha ?? sha(`${seed.owner}/${seed.repo}/${release.tag}`);
    state.tags.set(release.tag, commit);
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
export function publishRelease(state: RepoState, release: { tag: string; name?: string; body?: string; sha?: string; assets?: Array<{ name: string; size: number; digest?: string }> }): Release {
  const commit = release.sha ?? state.headSha;
  state.tags.set(release.tag, commit);
  const at = now();
  const published: Release = {
    id: nextId(),
    node_id: `RE_${counter}`,
    tag_name: release.tag,
    name: release.name ?? release.tag,
    body: release.body ?? "",
    draft: false,
    prerelease: false,
    immutable: false,
    target_commitish: state.defaultBranch,
    created_at: at,
    published_at: at,
    author: user("release-bot[bot]"),
    assets: (release.assets ?? []).map((asset) => ({ id: nextId(), name: asset.name, size: asset.size, digest: asset.digest ?? null })),
  };
  state.releases.push(published);
  return published;
}
