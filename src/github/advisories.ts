import type { GitHub, RepoRef } from "./types.js";

export interface AdvisoryDraft {
  summary: string;
  description: string;
  severity: "critical" | "high" | "medium" | "low";
  ecosystem: string;
  packageName: string;
  vulnerableVersionRange: string;
}

export interface AdvisoryVulnerability {
  package: { ecosystem: string; name: string | null };
  vulnerable_version_range: string | null;
  patched_versions: string | null;
  vulnerable_functions: string[] | null;
}

export interface AdvisorySnapshot {
  ghsaId: string;
  htmlUrl: string;
  description: string;
  state: string;
  vulnerabilities: AdvisoryVulnerability[];
}

interface RawAdvisory {
  ghsa_id: string;
  html_url: string;
  description?: string | null;
  state: string;
  vulnerabilities?: Array<{ package?: { ecosystem?: string; name?: string | null } | null; vulnerable_version_range?: string | null; patched_versions?: string | null; vulnerable_functions?: string[] | null }> | null;
}

function toAdvisorySnapshot(advisory: RawAdvisory): AdvisorySnapshot {
  return {
    ghsaId: advisory.ghsa_id,
    htmlUrl: advisory.html_url,
    description: advisory.description ?? "",
    state: advisory.state,
    vulnerabilities: (advisory.vulnerabilities ?? []).map((entry) => ({
      package: { ecosystem: entry.package?.ecosystem ?? "other", name: entry.package?.name ?? null },
      vulnerable_version_range: entry.vulnerable_version_range ?? null,
      patched_versions: entry.patched_versions ?? null,
      vulnerable_functions: entry.vulnerable_functions ?? null,
    })),
  };
}

/** The repository's advisories (every page), to find one Anvil already opened. */
export async function listAdvisories(octokit: GitHub, repo: RepoRef): Promise<AdvisorySnapshot[]> {
  // Every page: the one Anvil looks for may be older than the newest hundred.
  const data = await octokit.paginate(octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repo, per_page: 100 });
  return (data as RawAdvisory[]).map(toAdvisorySnapshot);
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
  return toAdvisorySnapshot(data as RawAdvisory);
}

/**
 * Update a repository advisory: `vulnerabilities` replaces the whole list (send every entry),
 * `state: "published"` publishes it, `state: "closed"` closes a draft (withdrawn, not published).
 */
export async function updateAdvisory(
  octokit: GitHub,
  repo: RepoRef,
  ghsaId: string,
  changes: { vulnerabilities?: AdvisoryVulnerability[]; state?: "published" | "closed" },
): Promise<AdvisorySnapshot> {
  const { data } = await octokit.rest.securityAdvisories.updateRepositoryAdvisory({
    ...repo,
    ghsa_id: ghsaId,
    ...(changes.state ? { state: changes.state } : {}),
    ...(changes.vulnerabilities
      ? { vulnerabilities: changes.vulnerabilities.map((entry) => ({ ...entry, package: { ecosystem: entry.package.ecosystem as "pip", name: entry.package.name } })) }
      : {}),
  });
  return toAdvisorySnapshot(data as RawAdvisory);
}
