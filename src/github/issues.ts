import { hasStatus, type GitHub, type RepoRef } from "./types.js";

/** The fields of an issue Anvil reads. */
export interface IssueSnapshot {
  number: number;
  nodeId: string;
  title: string;
  body: string;
  state: "open" | "closed";
  htmlUrl: string;
  labels: string[];
  createdAt: string;
  /** When it was last closed; null while it was never closed. */
  closedAt?: string | null;
}

interface RawIssue {
  number: number;
  node_id: string;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  created_at: string;
  closed_at?: string | null;
  labels?: Array<string | { name?: string }>;
  pull_request?: unknown;
}

export function toSnapshot(issue: RawIssue): IssueSnapshot {
  return {
    number: issue.number,
    nodeId: issue.node_id,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state === "closed" ? "closed" : "open",
    htmlUrl: issue.html_url,
    labels: (issue.labels ?? []).map((label) => (typeof label === "string" ? label : (label.name ?? ""))),
    createdAt: issue.created_at,
    closedAt: issue.closed_at ?? null,
  };
}

/**
 * Issues the app itself opened in a repository, newest first, found through the list endpoint
 * (`creator=<bot>`), never the Search API, which is eventually consistent and would let two
 * quick events both decide that nothing exists yet.
 *
 * Pages are read (following GitHub's `Link` headers) until `enough` says the issues read so far
 * hold everything the caller needs, or there are no more (at most `maxPages`).
 */
export async function listOwnIssues(
  octokit: GitHub,
  repo: RepoRef,
  botLogin: string,
  enough: (readSoFar: readonly IssueSnapshot[]) => boolean = () => false,
  options: { maxPages?: number; labels?: string } = {},
): Promise<IssueSnapshot[]> {
  const maxPages = options.maxPages ?? 50;
  const read: IssueSnapshot[] = [];
  let pages = 0;
  const parameters = { ...repo, creator: botLogin, ...(options.labels ? { labels: options.labels } : {}), state: "all" as const, sort: "created" as const, direction: "desc" as const, per_page: 100 };
  for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listForRepo, parameters)) {
    for (const raw of data as RawIssue[]) if (!raw.pull_request) read.push(toSnapshot(raw));
    if (++pages >= maxPages || enough(read)) break;
  }
  return read;
}

/**
 * The app's own issues that `matches`, newest first: the walk stops after the first page holding
 * one, so the common case costs one request (for lookups where any match will do).
 */
export async function findOwnIssues(
  octokit: GitHub,
  repo: RepoRef,
  botLogin: string,
  matches: (issue: IssueSnapshot) => boolean,
  options: { maxPages?: number; labels?: string } = {},
): Promise<IssueSnapshot[]> {
  const read = await listOwnIssues(octokit, repo, botLogin, (issues) => issues.some(matches), { maxPages: options.maxPages ?? 10, ...(options.labels ? { labels: options.labels } : {}) });
  return read.filter(matches);
}

/**
 * The newest issues carrying `label` (open or closed, anyone's), one page of at most `perPage`:
 * for lookups where only the most recent few matter.
 */
export async function listNewestWithLabel(octokit: GitHub, repo: RepoRef, label: string, perPage: number): Promise<IssueSnapshot[]> {
  const { data } = await octokit.rest.issues.listForRepo({ ...repo, labels: label, state: "all", sort: "created", direction: "desc", per_page: perPage });
  return (data as RawIssue[]).filter((raw) => !raw.pull_request).map(toSnapshot);
}

export async function createIssue(
  octokit: GitHub,
  repo: RepoRef,
  issue: { title: string; body: string; labels: string[] },
): Promise<IssueSnapshot> {
  const { data } = await octokit.rest.issues.create({ ...repo, ...issue });
  return toSnapshot(data as RawIssue);
}

export async function getIssue(octokit: GitHub, repo: RepoRef, number: number): Promise<IssueSnapshot> {
  const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number });
  return toSnapshot(data as RawIssue);
}

export async function updateIssue(
  octokit: GitHub,
  repo: RepoRef,
  number: number,
  changes: { title?: string; body?: string; state?: "open" | "closed"; state_reason?: "completed" | "not_planned" | "reopened" },
): Promise<IssueSnapshot> {
  const { data } = await octokit.rest.issues.update({ ...repo, issue_number: number, ...changes });
  return toSnapshot(data as RawIssue);
}

export async function commentOnIssue(octokit: GitHub, repo: RepoRef, number: number, body: string): Promise<{ id: number; htmlUrl: string }> {
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
  return { id: data.id, htmlUrl: data.html_url };
}

/** Comments the app wrote on an issue (oldest first), every page of them. */
export async function listOwnComments(
  octokit: GitHub,
  repo: RepoRef,
  number: number,
  botLogin: string,
): Promise<Array<{ id: number; body: string; createdAt: string }>> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
  return comments
    .filter((comment) => comment.user?.login === botLogin)
    .map((comment) => ({ id: comment.id, body: comment.body ?? "", createdAt: comment.created_at }));
}

export async function updateComment(octokit: GitHub, repo: RepoRef, commentId: number, body: string): Promise<void> {
  await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
}

export async function getComment(octokit: GitHub, repo: RepoRef, commentId: number): Promise<{ id: number; body: string } | undefined> {
  try {
    const { data } = await octokit.rest.issues.getComment({ ...repo, comment_id: commentId });
    return { id: data.id, body: data.body ?? "" };
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

export async function addLabels(octokit: GitHub, repo: RepoRef, number: number, labels: string[]): Promise<void> {
  await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels });
}

/** Remove a label from an issue; one that is not there counts as removed. */
export async function removeLabel(octokit: GitHub, repo: RepoRef, number: number, name: string): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: number, name });
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
}
