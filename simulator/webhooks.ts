import { createRequire } from "node:module";
import type { RepoState, User } from "./store.js";

/**
 * Webhooks GitHub would send for changes made through the API (the app's own included): real
 * payloads from @octokit/webhooks-examples, re-addressed to the simulator's repository,
 * installation and sender, with the changed object filled in from the simulator's answer.
 */
const require = createRequire(import.meta.url);
const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{ name: string; examples: Array<Record<string, unknown>> }>;

type Json = Record<string, unknown>;

/** A copy of the first example of this event and action (any action of the event when GitHub's examples lack it). */
function example(event: string, action: string | undefined): Json {
  const examples = groups.find((group) => group.name === event)?.examples ?? [];
  const found = examples.find((candidate) => candidate.action === action) ?? (event === "push" ? examples.find((candidate) => candidate.ref === "refs/heads/master") : undefined) ?? examples[0];
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event}`);
  return structuredClone(found);
}

export function webhookPayload(event: string, action: string | undefined, context: { repo: RepoState; installationId: number; sender: User; baseUrl: string }, fields: Json): Json {
  const base = example(event, action);
  const { repo } = context;
  const web = context.baseUrl.replace(/\/api\/v3$/, "");
  const repository = {
    ...(base.repository as Json),
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.repo,
    full_name: `${repo.owner}/${repo.repo}`,
    default_branch: repo.defaultBranch,
    html_url: `${web}/${repo.owner}/${repo.repo}`,
    url: `${context.baseUrl}/repos/${repo.owner}/${repo.repo}`,
    owner: { ...((base.repository as Json).owner as Json), login: repo.owner, name: repo.owner },
  };
  return {
    ...base,
    ...(action !== undefined ? { action } : {}),
    ...fields,
    repository,
    installation: { id: context.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${context.installationId}` },
    sender: context.sender,
  };
}

/** The `push` fields for a branch or tag moving from `before` to `after` (zeros: created / deleted). */
export function pushFields(repo: RepoState, ref: string, before: string | undefined, after: string | undefined, pusher: User, baseUrl: string): Json {
  const zero = "0".repeat(40);
  const commit = after === undefined ? undefined : repo.commits.get(after);
  const web = baseUrl.replace(/\/api\/v3$/, "");
  const author = { name: pusher.login, email: `${pusher.login}@users.noreply.github.com`, username: pusher.login };
  const commits =
    commit && commit.parents.includes(before ?? "")
      ? [{ id: commit.sha, tree_id: commit.sha, distinct: true, message: commit.message, timestamp: commit.at, url: `${web}/${repo.owner}/${repo.repo}/commit/${commit.sha}`, author, committer: author, added: [], removed: [], modified: [] }]
      : [];
  return {
    ref,
    before: before ?? zero,
    after: after ?? zero,
    created: before === undefined,
    deleted: after === undefined,
    forced: false,
    base_ref: null,
    compare: `${web}/${repo.owner}/${repo.repo}/compare/${(before ?? zero).slice(0, 12)}...${(after ?? zero).slice(0, 12)}`,
    commits,
    head_commit: commits[0] ?? null,
    pusher: { name: pusher.login, email: author.email },
  };
}
