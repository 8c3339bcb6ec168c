import type { CheckRun, Comment, Issue, RecordedRequest, RepoState } from "../simulator/index.js";

// Pure rendering of what a maintainer would see on GitHub, for the sandbox's transcript.

const indent = (text: string, prefix = "    │ ") =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");

/** Hidden markers carry Anvil's state; GitHub does not show them, so neither does the transcript. */
export function visible(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->\n?/g, "").replace(/\n{3,}/g, "\n\n");
}

export function renderIssue(issue: Issue): string {
  const flags = [issue.state, issue.pinned ? "📌 pinned" : "", issue.labels.length ? `labels: ${issue.labels.join(", ")}` : ""].filter(Boolean).join(" · ");
  return `  #${issue.number} ${issue.title}\n    by ${issue.user.login} · ${flags}\n${indent(visible(issue.body))}`;
}

export function renderComment(comment: Comment): string {
  const reactions = comment.reactions.length ? `  (reactions: ${comment.reactions.map((reaction) => reaction.content).join(" ")})` : "";
  return `  💬 ${comment.user.login}${reactions}\n${indent(visible(comment.body))}`;
}

export function renderCheckRun(run: CheckRun): string {
  const verdict = run.status === "completed" ? `completed: ${run.conclusion}` : run.status;
  return `  ☑ check run "${run.name}" on ${run.head_sha.slice(0, 7)} — ${verdict}${run.output.title ? ` — ${run.output.title}` : ""}`;
}

export function renderRepository(repo: RepoState): string {
  const releases = repo.releases.map((release) => release.tag_name).join(", ") || "(none)";
  const tags = [...repo.tags.keys()].join(", ") || "(none)";
  const advisories = repo.advisories.map((advisory) => `${advisory.ghsa_id} (${advisory.state}, ${advisory.severity}): ${advisory.summary}`);
  return [`  releases: ${releases}`, `  tags:     ${tags}`, `  security advisories: ${advisories.length ? advisories.join("; ") : "(none)"}`].join("\n");
}

/** GitHub requests Anvil made, grouped by operation, with what counts against the rate limit. */
export function renderRequests(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const name = request.graphqlOperation ? `GraphQL ${request.graphqlOperation}` : `${request.method} ${request.operationId ?? request.path}${request.status === 304 ? " (304 Not Modified)" : ""}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const notCounted = requests.filter((request) => request.status === 304 || request.path.startsWith("/app")).length;
  const lines = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => `  ${String(count).padStart(4)} × ${name}`);
  return `${lines.join("\n")}\n  ${requests.length} requests in all; ${requests.length - notCounted} count against the installation's rate limit (304s and app-JWT calls do not).`;
}

export function heading(text: string): string {
  return `\n━━ ${text} ${"━".repeat(Math.max(0, 76 - text.length))}`;
}
