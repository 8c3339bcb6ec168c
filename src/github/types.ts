import type { Context } from "probot";

/** The installation-authenticated Octokit every handler receives from Probot. */
export type GitHub = Context["octokit"];

/** What an Octokit plugin receives: any Octokit client, before REST methods are added. */
export type OctokitCore = Pick<GitHub, "hook" | "log" | "request">;

/** Owner and name of the repository an event concerns. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** True when `error` is an Octokit request error with one of `statuses`. */
export function hasStatus(error: unknown, ...statuses: number[]): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "status" in error &&
    typeof (error as { status: unknown }).status === "number" &&
    statuses.includes((error as { status: number }).status)
  );
}

/**
 * A short, safe description of a failed request for a status comment or log: status and
 * GitHub's message only. Never the request headers (they carry the token).
 */
export function describeError(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const status = "status" in error ? (error as { status: unknown }).status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const redacted = message.replace(/(gh[opsu]_|v1\.|ghs_)[A-Za-z0-9_.-]+/g, "[redacted]").slice(0, 300);
    return typeof status === "number" ? `HTTP ${status}: ${redacted}` : redacted;
  }
  return String(error).slice(0, 300);
}
