import type { Logger } from "probot";
import type { AppIdentity } from "../../github/app-identity.js";
import type { GitHub, RepoRef } from "../../github/types.js";

/** What the reach steps use. */
export interface ReachContext {
  octokit: GitHub;
  repo: RepoRef;
  identity: Pick<AppIdentity, "botLogin">;
  log: Pick<Logger, "info" | "warn" | "error">;
}

export interface ReachResult {
  status: "done" | "skipped";
  detail: string;
}
