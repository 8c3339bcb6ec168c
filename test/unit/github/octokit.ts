import { ProbotOctokit } from "probot";
import type { GitHub } from "../../../src/github/types.js";

/** An installation-style Octokit against api.github.com (mocked by nock), retries and throttling off. */
export function testOctokit(): GitHub {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
  return new Octokit({ auth: { token: "ghs_test" } }) as GitHub;
}
