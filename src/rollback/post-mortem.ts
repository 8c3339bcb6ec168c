import type { Severity } from "../config/schema.js";

/**
 * The post-mortem scaffold: `docs/incidents/YYYY-MM-DD-<slug>.md` (path configurable), prefilled
 * from the incident record and the rollback's audit trail. Pure: the shell gathers the facts and
 * commits what `renderPostMortem` (messages/post-mortem.ts) returns on a branch of Anvil's, as a
 * pull request: one per incident, ever.
 */

export interface AuditEntry {
  at: string;
  actor: string;
  text: string;
}

export interface PostMortemFacts {
  tag: string;
  severity: Severity;
  /** The decision matrix's action and response time for that severity. */
  action: string;
  respondWithin: string;
  reason: string | null;
  requestedBy: string;
  /** The version users were told to use; null when there was none. */
  good: string | null;
  release: {
    name: string;
    publishedAt: string | null;
    commitSha: string;
    immutable: boolean;
    assets: ReadonlyArray<{ name: string; size: number; digest: string | null }>;
  };
  plannedAt: string;
  confirmation?: { at: string; actor: string };
  /** When the release was deleted or revoked in place; null when it was kept. */
  revokedAt: string | null;
  /** Every step of the run, as the status comment's marker records it. */
  audit: readonly AuditEntry[];
  resolution?: { at: string; fixedTag: string; by: "release" | "command"; actor?: string };
  incident: { number: number; url: string };
  announcement?: { number: number; url: string };
}

export type TimelineEvent = { at: string; actor: string | undefined; kind: "plan" | "confirmation" | "step" | "resolution"; text: string };

/** Draft advisories are private: their ids never reach a public file, whatever an audit line says. */
export function withoutAdvisoryIds(text: string): string {
  return text.replace(/GHSA(?:-[0-9a-z]{4}){3}/gi, "(id withheld: the draft is private)");
}

/** Plan, confirmation, each step with its time, resolution: in time order (stable for equal times). */
export function timeline(facts: PostMortemFacts): TimelineEvent[] {
  const confirmation = facts.confirmation ?? (facts.audit[0] ? { at: facts.audit[0].at, actor: facts.audit[0].actor } : undefined);
  const events: TimelineEvent[] = [
    { at: facts.plannedAt, actor: facts.requestedBy, kind: "plan", text: "plan" },
    ...(confirmation ? [{ at: confirmation.at, actor: confirmation.actor, kind: "confirmation" as const, text: "confirmation" }] : []),
    ...facts.audit.map((entry) => ({ at: entry.at, actor: entry.actor, kind: "step" as const, text: withoutAdvisoryIds(entry.text) })),
    ...(facts.resolution ? [{ at: facts.resolution.at, actor: facts.resolution.actor, kind: "resolution" as const, text: facts.resolution.fixedTag }] : []),
  ];
  return events.map((event, index) => ({ event, index })).sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index).map(({ event }) => event);
}

/** `v0.1.0` and "the installer can delete user files" → `v0-1-0-the-installer-can-delete-user`. */
export function postMortemSlug(tag: string, reason: string | null): string {
  const words = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  const slug = [...words(tag), ...words(reason ?? "").slice(0, 6)].join("-").slice(0, 60).replace(/-+$/, "");
  return slug || "incident";
}

/** The file's path from the configured template; undefined when the result is not a safe relative Markdown path. */
export function postMortemPath(template: string, values: { date: Date; tag: string; reason: string | null }): string | undefined {
  const date = values.date.toISOString().slice(0, 10);
  const path = template
    .replaceAll("{{date}}", date)
    .replaceAll("{{slug}}", postMortemSlug(values.tag, values.reason))
    .replaceAll("{{tag}}", values.tag.replace(/[^\w.+-]/g, "-"));
  const safe = /^[\w.+/-]+\.md$/.test(path) && !path.startsWith("/") && !path.split("/").some((part) => part === "" || part === "." || part === "..");
  return safe ? path : undefined;
}

/** The path to use when `path` exists already (a template without date or slug): the tag goes before `.md`. */
export function postMortemPathBeside(path: string, tag: string): string {
  return path.replace(/\.md$/, `-${tag.replace(/[^\w.+-]/g, "-")}.md`);
}

export function postMortemBranch(tag: string): string {
  return `anvil/post-mortem-${tag.replace(/[^\w.+-]/g, "-")}`;
}

/** One pull request per incident, ever: any pull request from the branch (open, closed or merged) means done. */
export function postMortemDecision(existingPulls: ReadonlyArray<{ number: number; state: "open" | "closed"; merged: boolean }>): { open: true } | { open: false; existing: number } {
  const existing = existingPulls[0];
  return existing ? { open: false, existing: existing.number } : { open: true };
}

/** Whole minutes between two instants, or undefined when either is missing. */
export function minutesBetween(from: string | null | undefined, to: string | null | undefined): number | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : undefined;
}
