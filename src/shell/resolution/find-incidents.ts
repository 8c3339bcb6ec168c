import type { AppIdentity } from "../../github/app-identity.js";
import { listOwnIssues, type IssueSnapshot } from "../../github/issues.js";
import type { GitHub, RepoRef } from "../../github/types.js";
import type { MarkerCodec } from "../../markers/codec.js";
import { DRILL_MARKER, isDrillTag } from "../../rollback/drill.js";
import { INCIDENT_RECORD_MARKER, readIncidentRecord, type IncidentOnFile } from "../../rollback/resolution.js";

export interface IncidentIssue extends IncidentOnFile {
  snapshot: IssueSnapshot;
}

/** The incidents among issues already listed: no request. */
export function incidentsIn(issues: readonly IssueSnapshot[], markers: MarkerCodec): IncidentIssue[] {
  return issues.flatMap((snapshot) => {
    const record = isIncident(snapshot, markers);
    return record ? [{ issue: snapshot.number, record, snapshot }] : [];
  });
}

/**
 * The verified incident record of an issue; undefined for anything else, and for a drill's
 * incident (`/anvil drill`): a real release never resolves a drill, nor is a drill ever overdue.
 */
export function isIncident(issue: Pick<IssueSnapshot, "body">, markers: MarkerCodec): IncidentOnFile["record"] | undefined {
  const record = readIncidentRecord(markers.find(issue.body, INCIDENT_RECORD_MARKER));
  if (!record || isDrillTag(record.tag) || markers.find(issue.body, DRILL_MARKER) !== undefined) return undefined;
  return record;
}

/** Pages of incidents read at most (100 each), like every listing of Anvil's own issues. */
export const MAX_INCIDENT_PAGES = 50;

/**
 * Anvil's incident issues whose marker verifies, newest first, from every page (at most
 * `MAX_INCIDENT_PAGES`): an old unresolved incident matters as much as a new one. Listed by
 * creator and the incident label (never the Search API); an issue whose marker was edited or
 * forged is not Anvil's incident.
 */
export async function findIncidents(octokit: GitHub, repo: RepoRef, identity: AppIdentity, markers: MarkerCodec, incidentLabel: string): Promise<IncidentIssue[]> {
  const issues = await listOwnIssues(octokit, repo, identity.botLogin, () => false, { maxPages: MAX_INCIDENT_PAGES, labels: incidentLabel });
  return incidentsIn(issues, markers);
}
