import type { GitHub, RepoRef } from "./types.js";

/** GitHub allows at most three pinned issues per repository. */
export const PIN_LIMIT = 3;

export interface PinnedIssue {
  id: string;
  number: number;
  author: string | undefined;
  body: string;
}

const PINNED_QUERY = `query AnvilPinnedIssues($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    pinnedIssues(first: 3) {
      nodes { issue { id number author { login } body } }
    }
  }
}`;

interface PinnedResponse {
  repository: { pinnedIssues: { nodes: Array<{ issue: { id: string; number: number; author: { login: string } | null; body: string } }> } } | null;
}

/** Pinning exists only in GraphQL. */
export async function listPinnedIssues(octokit: GitHub, repo: RepoRef): Promise<PinnedIssue[]> {
  const data = await octokit.graphql<PinnedResponse>(PINNED_QUERY, { owner: repo.owner, name: repo.repo });
  return (data.repository?.pinnedIssues.nodes ?? []).map(({ issue }) => ({ id: issue.id, number: issue.number, author: issue.author?.login, body: issue.body }));
}

export async function pinIssue(octokit: GitHub, issueId: string): Promise<void> {
  await octokit.graphql(`mutation AnvilPinIssue($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { id } } }`, { issueId });
}

export async function unpinIssue(octokit: GitHub, issueId: string): Promise<void> {
  await octokit.graphql(`mutation AnvilUnpinIssue($issueId: ID!) { unpinIssue(input: { issueId: $issueId }) { issue { id } } }`, { issueId });
}
