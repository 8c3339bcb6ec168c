import { renderNewChecklist } from "../checklists/render-checklist.js";
import type { MarkerCodec } from "../markers/codec.js";
import { sectionBounds, writeSection } from "../markers/sections.js";
import { INCIDENT_SECTIONS, renderIncidentAudit, renderIncidentBody, renderIncidentSummary } from "../messages/rollback-issues.js";
import { INCIDENT_MARKER } from "./marker-kinds.js";
import type { RollbackState } from "./plan.js";
import { incidentRecordFor, type IncidentRecord } from "./resolution.js";

/** What a step adds to the incident: the registry section, the status comment to link, the record it replaces. */
type IncidentExtra = { registrySection?: string; statusComment?: { issue: number; comment: number }; previous?: IncidentRecord };

/**
 * The incident issue's body: its signed marker, the checklist of the rest of the procedure, and
 * the `record` section (what the revocation removed), which is written once and carried over.
 */
export function composeIncidentBody(
  markers: MarkerCodec,
  state: RollbackState,
  record: string,
  extra: IncidentExtra = {},
): string {
  const { plan } = state;
  const { start, end } = sectionBounds("record");
  const template = renderIncidentBody(plan, state, `${start}\n${record}\n${end}`, extra.registrySection ? { registrySection: extra.registrySection } : {});
  return `${markers.encode(INCIDENT_MARKER, incidentRecordOf(state, extra) as unknown as Record<string, unknown>)}\n${renderNewChecklist({ markers, state: { type: "incident", tag: plan.tag }, template })}`;
}

/**
 * The incident body after a step, from the body as it is NOW (re-read right before writing):
 * only Anvil's parts change — its signed marker and its sections (summary, audit); the record
 * stays as written; what people ticked or wrote elsewhere survives. A body without Anvil's
 * sections (written by an older Anvil) is composed afresh, as it always was.
 */
export function refreshIncidentBody(markers: MarkerCodec, current: string, state: RollbackState, record: string, extra: IncidentExtra = {}): string {
  const owned = Object.values(INCIDENT_SECTIONS).every((name) => current.includes(sectionBounds(name).start) && current.includes(sectionBounds(name).end));
  if (!owned) return composeIncidentBody(markers, state, record, extra);
  let body = markers.upsert(current, INCIDENT_MARKER, incidentRecordOf(state, extra) as unknown as Record<string, unknown>);
  body = writeSection(body, INCIDENT_SECTIONS.summary, renderIncidentSummary(state.plan, state, extra.registrySection ? { registrySection: extra.registrySection } : {}));
  return writeSection(body, INCIDENT_SECTIONS.audit, renderIncidentAudit(state));
}

function incidentRecordOf(state: RollbackState, extra: IncidentExtra): IncidentRecord {
  const { plan } = state;
  // What resolution and the overdue check need (issue 11); a plan from before the response existed deleted.
  const response = plan.response ?? { revocation: "delete" as const, releaseNotes: "none" as const, announcement: "pinned" as const, advisory: plan.advisory ? ("drafted" as const) : ("none" as const) };
  const incident = incidentRecordFor({
    tag: plan.tag,
    severity: plan.severity,
    response,
    releaseId: plan.releaseId,
    ...(state.announcement !== undefined ? { announcement: state.announcement } : {}),
    ...(extra.statusComment ? { status: extra.statusComment } : {}),
    createdAt: plan.createdAt,
    deadline: plan.deadline,
    ...(extra.previous ? { previous: extra.previous } : {}),
  });
  return incident;
}
