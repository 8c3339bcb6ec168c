import { createRequire } from "node:module";
import type { Simulator, RepoState } from "../simulator/index.js";

const require = createRequire(import.meta.url);
const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{ name: string; examples: Array<Record<string, unknown>> }>;

type Json = Record<string, unknown>;

/** A deep copy of the first `@octokit/webhooks-examples` payload of this event (and action, and ref). */
export function example(event: string, action?: string, ref?: string): Json {
  const found = groups
    .find((group) => group.name === event)
    ?.examples.find((candidate) => (action === undefined || candidate.action === action) && (ref === undefined || candidate.ref === ref));
  if (!found) throw new Error(`no example for ${event} ${action ?? ""}`);
  return structuredClone(found);
}

/**
 * Real payloads from @octokit/webhooks-examples, re-addressed to a simulator repository and
 * installation, with the parts a scenario varies filled in from the simulator's state.
 */
export function payloads(sim: Simulator, repo: RepoState) {
  const repository = (base: Json): Json => ({
    ...(base.repository as Json),
    id: repo.id,
    name: repo.repo,
    full_name: `${repo.owner}/${repo.repo}`,
    default_branch: repo.defaultBranch,
    owner: { ...((base.repository as Json).owner as Json), login: repo.owner, name: repo.owner },
  });
  // The installation covering the repository (the default one unless its owner has its own).
  const installationId = sim.installationOf(repo.owner, repo.repo)?.id ?? sim.app.installationId;
  const installation = { id: installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installationId}` };
  const person = (login: string) => ({ login, id: login.length * 1000, node_id: `U_${login}`, type: login.endsWith("[bot]") ? "Bot" : "User" });

  const release = (action: "published" | "released", tag: string, options: { prerelease?: boolean; draft?: boolean; publishedAt?: string } = {}): Json => {
    const base = example("release", action);
    const stored = repo.releases.find((candidate) => candidate.tag_name === tag);
    return { ...base, release: { ...(base.release as Json), id: stored?.id ?? 1, tag_name: tag, name: stored?.name ?? tag, draft: options.draft ?? false, prerelease: options.prerelease ?? false, published_at: options.publishedAt ?? new Date().toISOString(), target_commitish: repo.defaultBranch }, repository: repository(base), installation, sender: person("alice") };
  };

  return {
    push(options: { after: string; ref?: string; message?: string; sender?: string }): Json {
      const base = example("push", undefined, "refs/heads/master");
      const commit = { ...((base.commits as Json[])[0] as Json), id: options.after, message: options.message ?? "Update", author: { name: "Alice", email: "a@example.com", username: options.sender ?? "alice" } };
      return { ...base, ref: options.ref ?? `refs/heads/${repo.defaultBranch}`, after: options.after, before: "0".repeat(39) + "1", head_commit: commit, commits: [commit], repository: repository(base), installation, sender: person(options.sender ?? "alice"), pusher: { name: options.sender ?? "alice", email: "a@example.com" } };
    },
    /** `release.published`, sent as it happens: `published_at` is now unless given. */
    releasePublished(tag: string, options: { prerelease?: boolean; draft?: boolean; publishedAt?: string } = {}): Json {
      return release("published", tag, options);
    },
    /**
     * `release.released`: what GitHub sends, besides `published`, for a full release, and alone when
     * a pre-release is edited into a full release. Anvil resolves rollback incidents on it.
     */
    releaseReleased(tag: string, options: { publishedAt?: string } = {}): Json {
      return release("released", tag, options);
    },
    /** The `issues.edited` GitHub sends after `editor` changed an issue's body from `before` to its current state. */
    issueEdited(number: number, before: string, editor: string): Json {
      const base = example("issues", "edited");
      const issue = repo.issues.get(number);
      if (!issue) throw new Error(`no issue #${number}`);
      return {
        ...base,
        action: "edited",
        changes: { body: { from: before } },
        issue: { ...(base.issue as Json), number, node_id: issue.node_id, title: issue.title, body: issue.body, state: issue.state, user: issue.user, html_url: `https://github.com/${repo.owner}/${repo.repo}/issues/${number}`, updated_at: new Date().toISOString(), labels: issue.labels.map((name) => ({ name })) },
        repository: repository(base),
        installation,
        sender: person(editor),
      };
    },
    /** A human's comment: stored in the simulator (so reactions to it work) and its `issue_comment.created` payload. */
    comment(number: number, body: string, author: string): Json {
      const base = example("issue_comment", "created");
      const issue = repo.issues.get(number);
      const id = 500_000_000 + Math.floor(Math.random() * 1e8);
      const at = new Date().toISOString();
      issue?.comments.push({ id, node_id: `IC_${id}`, body, user: { ...person(author), id: author.length * 1000, type: author.endsWith("[bot]") ? "Bot" : "User" }, created_at: at, updated_at: at, reactions: [] });
      return {
        ...base,
        issue: { ...(base.issue as Json), number, node_id: issue?.node_id ?? "I_x", title: issue?.title ?? "Bug", body: issue?.body ?? "", state: issue?.state ?? "open", user: issue?.user ?? person(author) },
        comment: { ...(base.comment as Json), id, node_id: `IC_${id}`, body, user: person(author) },
        repository: repository(base),
        installation,
        sender: person(author),
      };
    },
  };
}

/** Tick boxes in a body as a human would in GitHub's UI. */
export function tick(body: string, predicate: (line: string) => boolean = () => true): string {
  return body
    .split("\n")
    .map((line) => (/^\s*[-*] \[ \]/.test(line) && predicate(line) ? line.replace("[ ]", "[x]") : line))
    .join("\n");
}
