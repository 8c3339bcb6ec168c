import { renderNewChecklist } from "../checklists/render-checklist.js";
import type { MarkerCodec } from "../markers/codec.js";
import { sectionBounds } from "../markers/sections.js";
import { renderIncidentBody } from "../messages/rollback-issues.js";
import { INCIDENT_MARKER } from "./marker-kinds.js";
import type { RollbackState } from "./plan.js";
import { incidentRecordFor, type IncidentRecord } from "./resolution.js";

/**
 * The incident issue's body: its signed marker, the checklist of the rest of the procedure, and
 * the `record` section (what the revocation removed), which is written once and carried over.
 */
export function composeIncidentBody(
  markers: MarkerCodec,
  state: RollbackState,
  record: string,
  extra: { registrySection?: string; statusComment?: { issue: number; comment: number }; previous?: IncidentRecord } = {},
): string {
  const { plan } = state;
  const { start, end } = sectionBounds("record");
  const template = renderIncidentBody(plan, state, `${start}\n${record}\n${end}`, extra.registrySection ? { registrySection: extra.registrySection } : {});
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
  return `${markers.encode(INCIDENT_MARKER, incident as unknown as Record<string, unknown>)}\n${renderNewChecklist({ markers, state: { type: "incident", tag: plan.tag }, template })}`;
}
