import { buildSchema, graphql, type GraphQLSchema } from "graphql";
import { schema as githubSchema } from "@octokit/graphql-schema";
import type { Issue, RepoState } from "./store.js";

/** GitHub allows at most three pinned issues per repository. */
export const PIN_LIMIT = 3;

let schema: GraphQLSchema | undefined;

/** GitHub's real schema, executed with resolvers for the few fields Anvil uses. */
function githubGraphqlSchema(): GraphQLSchema {
  schema ??= buildSchema(githubSchema.idl, { assumeValidSDL: true });
  return schema;
}

class GraphqlError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

export async function executeGraphql(
  query: string,
  variables: Record<string, unknown>,
  repos: (owner: string, name: string) => RepoState | undefined,
  allRepos: () => Iterable<RepoState>,
  /** Told when a mutation changed an issue (for the webhook GitHub sends). */
  changed: (repo: RepoState, issue: Issue, action: "pinned" | "unpinned") => void = () => undefined,
): Promise<{ data?: unknown; errors?: Array<{ message: string; type?: string }> }> {
  const findIssue = (id: unknown): { repo: RepoState; issue: Issue } | undefined => {
    for (const repo of allRepos()) for (const issue of repo.issues.values()) if (issue.node_id === id) return { repo, issue };
    return undefined;
  };
  const issueNode = (issue: Issue) => ({
    __typename: "Issue",
    id: issue.node_id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state.toUpperCase(),
    // GraphQL names a GitHub App's bot by its slug, without the `[bot]` suffix.
    author: { __typename: issue.user.type === "Bot" ? "Bot" : "User", login: issue.user.type === "Bot" ? issue.user.login.replace(/\[bot\]$/, "") : issue.user.login },
  });
  const rootValue = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = repos(owner, name);
      if (!repo) return null;
      return {
        id: `R_${repo.id}`,
        name: repo.repo,
        issue: ({ number }: { number: number }) => {
          const issue = repo.issues.get(number);
          return issue ? issueNode(issue) : null;
        },
        pinnedIssues: ({ first }: { first?: number }) => {
          const pinned = [...repo.issues.values()].filter((issue) => issue.pinned);
          return { totalCount: pinned.length, nodes: pinned.slice(0, first ?? 3).map((issue) => ({ __typename: "PinnedIssue", id: `PI_${issue.node_id}`, issue: issueNode(issue) })) };
        },
      };
    },
    pinIssue: ({ input }: { input: { issueId: string } }) => {
      const found = findIssue(input.issueId);
      if (!found) throw new GraphqlError(`Could not resolve to a node with the global id of '${input.issueId}'.`, "NOT_FOUND");
      if (!found.issue.pinned) {
        const pinnedCount = [...found.repo.issues.values()].filter((issue) => issue.pinned).length;
        if (pinnedCount >= PIN_LIMIT) throw new GraphqlError("Issue could not be pinned: a repository can have at most 3 pinned issues.", "UNPROCESSABLE");
        found.issue.pinned = true;
        changed(found.repo, found.issue, "pinned");
      }
      return { issue: issueNode(found.issue) };
    },
    unpinIssue: ({ input }: { input: { issueId: string } }) => {
      const found = findIssue(input.issueId);
      if (!found) throw new GraphqlError(`Could not resolve to a node with the global id of '${input.issueId}'.`, "NOT_FOUND");
      if (found.issue.pinned) {
        found.issue.pinned = false;
        changed(found.repo, found.issue, "unpinned");
      }
      return { issue: issueNode(found.issue) };
    },
  };
  const result = await graphql({ schema: githubGraphqlSchema(), source: query, rootValue, variableValues: variables });
  return {
    ...(result.data ? { data: result.data } : {}),
    ...(result.errors ? { errors: result.errors.map((error) => ({ message: error.message, ...(error.originalError instanceof GraphqlError ? { type: error.originalError.type } : {}) })) } : {}),
  };
}
