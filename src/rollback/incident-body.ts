import { renderNewChecklist } from "../checklists/render-checklist.js";
import type { MarkerCodec } from "../markers/codec.js";
import { sectionBounds } from "../markers/sections.js";
import { renderIncidentBody } from "../messages/rollback-issues.js";
import { INCIDENT_MARKER } from "./marker-kinds.js";
import type { RollbackState } from "./plan.js";

/**
 * The incident issue's body: its signed marker, the checklist of the rest of the procedure, and
 * the `record` section (what the revocation removed), which is written once and carried over.
 */
export function composeIncidentBody(markers: MarkerCodec, state: RollbackState, record: string): string {
  const { plan } = state;
  const { start, end } = sectionBounds("record");
  const template = renderIncidentBody(plan, state, `${start}\n${record}\n${end}`);
  return `${markers.encode(INCIDENT_MARKER, { tag: plan.tag })}\n${renderNewChecklist({ markers, state: { type: "incident", tag: plan.tag }, template })}`;
}
