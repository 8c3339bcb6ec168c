import { z } from "zod";
import { invalidValueMessage } from "../messages/config-problem.js";
import type { AnvilConfig } from "./schema.js";

/**
 * Organization policy: the few keys of the organization's file that a repository cannot weaken.
 * Everything else in that file is a default the repository may override.
 *
 * - `rollback.allowedRoles` is a CEILING: a repository may narrow the roles, never add one.
 * - `rollback.confirm: true` is a FLOOR: a repository cannot switch the confirmation off.
 *
 * Both are read from the organization's own raw value and validated on their own, not from a full
 * parse of the organization's file, so the policy holds even when that file is valid only once
 * merged with a repository's, or when the repository's file `_extends` somewhere else entirely.
 */
export interface OrganizationPolicy {
  /** The organization file that set the policy (`owner/.github:.github/anvil.yml`). */
  file: string;
  allowedRoles?: readonly string[];
  confirm?: true;
}

/** A place where the organization's policy changed what a repository's file asked for. */
export type PolicyNote =
  | { key: "rollback.allowedRoles"; rule: "ceiling"; file: string; ignored: string[]; allowed: string[] }
  | { key: "rollback.confirm"; rule: "floor"; file: string };

/** An organization policy key whose value is unusable: the organization's file is at fault. */
export interface PolicyProblem {
  key: string;
  message: string;
}

const allowedRolesPolicy = z.array(z.string().min(1).max(100)).min(1);
const confirmPolicy = z.boolean();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The policy in the organization's merged raw layers (its file over whatever it extends). An
 * invalid policy value is a problem, never silently "no policy": that would be the hole.
 */
export function readOrganizationPolicy(file: string, organization: Record<string, unknown>): { ok: true; policy: OrganizationPolicy } | { ok: false; problem: PolicyProblem } {
  if (!("rollback" in organization)) return { ok: true, policy: { file } };
  const rollback = organization.rollback;
  if (!isRecord(rollback)) return { ok: false, problem: { key: "rollback", message: invalidValueMessage("rollback", "expected a mapping (key: value pairs)") } };
  const policy: OrganizationPolicy = { file };
  if ("allowedRoles" in rollback) {
    const roles = allowedRolesPolicy.safeParse(rollback.allowedRoles);
    if (!roles.success) {
      return { ok: false, problem: { key: "rollback.allowedRoles", message: invalidValueMessage("rollback.allowedRoles", roles.error.issues[0]?.message) } };
    }
    policy.allowedRoles = roles.data;
  }
  if ("confirm" in rollback) {
    const confirm = confirmPolicy.safeParse(rollback.confirm);
    if (!confirm.success) {
      return { ok: false, problem: { key: "rollback.confirm", message: invalidValueMessage("rollback.confirm", confirm.error.issues[0]?.message) } };
    }
    // `confirm: false` in the organization's file is only a default; `true` is the floor.
    if (confirm.data) policy.confirm = true;
  }
  return { ok: true, policy };
}

/** The validated, merged configuration with the organization's policy enforced, and what it changed. */
export function applyOrganizationPolicy(config: AnvilConfig, policy: OrganizationPolicy): { config: AnvilConfig; notes: PolicyNote[] } {
  const notes: PolicyNote[] = [];
  let rollback = config.rollback;
  if (policy.allowedRoles) {
    const ceiling = new Set(policy.allowedRoles);
    const allowed = rollback.allowedRoles.filter((role) => ceiling.has(role));
    const ignored = rollback.allowedRoles.filter((role) => !ceiling.has(role));
    if (ignored.length > 0) notes.push({ key: "rollback.allowedRoles", rule: "ceiling", file: policy.file, ignored, allowed });
    rollback = { ...rollback, allowedRoles: allowed };
  }
  if (policy.confirm && !rollback.confirm) {
    notes.push({ key: "rollback.confirm", rule: "floor", file: policy.file });
    rollback = { ...rollback, confirm: true };
  }
  return { config: { ...config, rollback }, notes };
}
