import type { StepId } from "../../../rollback/plan.js";
import { advisory } from "./advisory.js";
import { announce } from "./announce.js";
import type { SagaStep } from "./context.js";
import { deleteRelease } from "./delete-release.js";
import { deleteTag } from "./delete-tag.js";
import { incident } from "./incident.js";
import { notify } from "./notify.js";
import { pin } from "./pin.js";
import { readmeBanner } from "./readme-banner.js";
import { record } from "./record.js";
import { retagCheck } from "./retag-check.js";
import { revokeInPlace } from "./revoke-in-place.js";
import { makeLatest } from "./make-latest.js";
import { cautionBanner } from "./caution-banner.js";
import { knownIssueNote } from "./known-issue-note.js";

/**
 * Every saga step by id. The plan (src/rollback/plan.ts) decides which ids run and in which
 * order; `run-saga.ts` looks each one up here. Adding a step: see ../README.md.
 */
export const SAGA_STEPS: Record<StepId, SagaStep> = {
  record,
  "delete-release": deleteRelease,
  "revoke-in-place": revokeInPlace,
  "make-latest": makeLatest,
  "caution-banner": cautionBanner,
  "known-issue-note": knownIssueNote,
  "delete-tag": deleteTag,
  announce,
  pin,
  advisory,
  "retag-check": retagCheck,
  incident,
  "readme-banner": readmeBanner,
  notify,
};
