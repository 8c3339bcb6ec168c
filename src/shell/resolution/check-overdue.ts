import { addLabels, commentOnIssue, getIssue, listOwnComments, updateIssue } from "../../github/issues.js";
import { ensureLabel } from "../../github/labels.js";
import { renderOverdueComment } from "../../messages/resolution.js";
import { INCIDENT_RECORD_MARKER, overdueIncidents, readIncidentRecord, type IncidentOnFile } from "../../rollback/resolution.js";
import type { ResolutionContext } from "./run-resolution.js";

export const OVERDUE_COMMENT_MARKER = "incident-overdue";

/**
 * Flag each incident past its deadline, once. The incident is re-read first (a redelivered or
 * late event carries an old body): only a still unresolved, unflagged one gets one comment (found
 * again by its signed marker, so a retry never posts a second), the overdue label, then the flag
 * in its marker.
 */
export async function flagOverdueIncidents(ctx: ResolutionContext, incidents: readonly IncidentOnFile[]): Promise<number[]> {
  const flagged: number[] = [];
  for (const { issue } of overdueIncidents(incidents, ctx.now())) {
    const current = await getIssue(ctx.octokit, ctx.repo, issue);
    const record = readIncidentRecord(ctx.markers.find(current.body, INCIDENT_RECORD_MARKER));
    if (!record || record.deadline === null || overdueIncidents([{ issue, record }], ctx.now()).length === 0) continue;
    const comments = await listOwnComments(ctx.octokit, ctx.repo, issue, ctx.identity.botLogin);
    if (!comments.some((comment) => ctx.markers.find(comment.body, OVERDUE_COMMENT_MARKER)?.tag === record.tag)) {
      const policy = ctx.config.rollback.severities[record.severity];
      const body = renderOverdueComment({ tag: record.tag, severity: record.severity, respondWithin: policy.respondWithin, deadline: record.deadline });
      await commentOnIssue(ctx.octokit, ctx.repo, issue, `${ctx.markers.encode(OVERDUE_COMMENT_MARKER, { tag: record.tag })}\n${body}`);
    }
    await ensureLabel(ctx.octokit, ctx.repo, ctx.config.labels.overdue, "Incident past its severity's deadline");
    if (!current.labels.includes(ctx.config.labels.overdue)) await addLabels(ctx.octokit, ctx.repo, issue, [ctx.config.labels.overdue]);
    // Re-read right before writing: the comment and label took time, and a human may have edited.
    const latest = await getIssue(ctx.octokit, ctx.repo, issue);
    const onFile = readIncidentRecord(ctx.markers.find(latest.body, INCIDENT_RECORD_MARKER));
    if (onFile && onFile.overdueFlaggedAt === undefined) {
      const next = { ...onFile, overdueFlaggedAt: ctx.now().toISOString() };
      await updateIssue(ctx.octokit, ctx.repo, issue, { body: ctx.markers.upsert(latest.body, INCIDENT_RECORD_MARKER, next as unknown as Record<string, unknown>) });
    }
    ctx.log.info({ incident: issue, tag: record.tag, deadline: record.deadline }, "incident flagged overdue");
    flagged.push(issue);
  }
  return flagged;
}
