import type { GitHub, RepoRef } from "./types.js";

export interface AdvisoryDraft {
  summary: string;
  description: string;
  severity: "critical" | "high" | "medium" | "low";
  ecosystem: string;
  packageName: string;
  vulnerableVersionRange: string;
}

export interface AdvisorySnapshot {
  ghsaId: string;
  htmlUrl: string;
  description: string;
  state: string;
}

/** Draft advisories of the repository (one page of 100), to find one Anvil already opened. */
export async function listAdvisories(octokit: GitHub, repo: RepoRef): Promise<AdvisorySnapshot[]> {
  const { data } = await octokit.rest.securityAdvisories.listRepositoryAdvisories({ ...repo, per_page: 100 });
  return data.map((advisory) => ({ ghsaId: advisory.ghsa_id, htmlUrl: advisory.html_url, description: advisory.description ?? "", state: advisory.state }));
}

/**
 * Open a draft repository security advisory. Drafts are private to maintainers; never link one
 * from a public issue before it is published. `severity` is set, never with a CVSS vector.
 */
export async function createAdvisoryDraft(octokit: GitHub, repo: RepoRef, draft: AdvisoryDraft): Promise<AdvisorySnapshot> {
  const { data } = await octokit.rest.securityAdvisories.createRepositoryAdvisory({
    ...repo,
    summary: draft.summary,
    description: draft.description,
    severity: draft.severity,
    vulnerabilities: [
      {
        package: { ecosystem: draft.ecosystem as "pip", name: draft.packageName },
        vulnerable_version_range: draft.vulnerableVersionRange,
        patched_versions: null,
        vulnerable_functions: null,
      },
    ],
  });
  return { ghsaId: data.ghsa_id, htmlUrl: data.html_url, description: data.description ?? "", state: data.state };
}
