import { WEBHOOK_SECRET } from "../harness/app-process.js";
import { payloads, tick } from "../harness/webhook-payloads.js";
import { configureMarkerSigning, markerCodec } from "../src/markers/codec.js";
import type { RepoSeed, RepoState, Simulator } from "../simulator/index.js";
import type { Delivery } from "./deliveries.js";

export const HEAD_SHA = "b".repeat(40);

/** What a scenario needs at minimum, in GitHub requests per delivery; see docs/performance.md. */
export interface Minimum {
  /** Requests that count against the installation's rate limit. */
  counted: number;
  /** Conditional config reads answered `304 Not Modified` (free). */
  notModified: number;
  why: string;
}

export interface Scenario {
  id: number;
  name: string;
  writes: boolean;
  minimum: Minimum;
  /** Does each repository start with the checklist Anvil would have opened? */
  needsChecklist: boolean;
  /** The delivery to measure for the repository `owner`/widgets. */
  prepare(sim: Simulator, owner: string): Delivery;
  /** Unmeasured delivery sent first (e.g. to warm the config cache); never writes. */
  warmUp?(sim: Simulator, owner: string): Delivery;
}

const CONFIG = "# benchmark repository: Anvil's defaults\nenabled: true\n";

export function seedFor(owner: string, extra: Partial<RepoSeed> = {}): RepoSeed[] {
  return [
    {
      owner,
      repo: "widgets",
      headSha: HEAD_SHA,
      collaborators: { maya: "maintain" },
      files: { ".github/anvil.yml": CONFIG, "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.1"\n' },
      releases: [{ tag: "v0.0.9" }, { tag: "v0.1.0" }],
      issues: [{ title: "Installer crashes", author: "reporter" }],
      ...extra,
    },
    { owner, repo: ".github", files: { ".github/anvil.yml": CONFIG } },
  ];
}

/** Markers are signed per repository (src/markers/codec.ts): a copy must be signed for its new one, with the app's key. */
configureMarkerSigning(WEBHOOK_SECRET);
function resign(body: string, from: RepoState, to: RepoState): string {
  const source = markerCodec(String(from.id));
  const target = markerCodec(String(to.id));
  return source.decode(body).reduce((signed, marker) => target.upsert(signed, marker.kind, marker.data), body);
}

/** Copy the checklist issue, label and check run Anvil made in `from` into `to`, as if Anvil had made them there. */
export function copyChecklist(from: RepoState, to: RepoState): void {
  for (const [name, label] of from.labels) to.labels.set(name, { ...label });
  for (const issue of from.issues.values()) {
    if (!issue.viaApp) continue;
    const number = to.nextNumber++;
    to.issues.set(number, { ...structuredClone(issue), number, node_id: `I_${to.owner}_${number}`, body: resign(issue.body, from, to) });
  }
  to.checkRuns.push(...structuredClone(from.checkRuns));
}

const checklistOf = (repo: RepoState) => [...repo.issues.values()].find((issue) => issue.viaApp && issue.title.startsWith("Pre-release"));
const sameHeadPush = (sim: Simulator, repo: RepoState): Delivery => ({ event: "push", payload: payloads(sim, repo).push({ after: HEAD_SHA, message: "docs: typo" }), repository: repo.owner });

export const SCENARIOS: Scenario[] = [
  {
    id: 1,
    name: "push to the default branch, checklist exists, nothing changed",
    writes: false,
    needsChecklist: true,
    minimum: { counted: 1, notModified: 2, why: "config (repository file + organization defaults, both 304 once cached); list the app's open checklist issues (1) — the tracked commit, changes and check run are already recorded in its marker, so nothing is written" },
    warmUp: (sim, owner) => sameHeadPush(sim, sim.repo(owner, "widgets")),
    prepare: (sim, owner) => sameHeadPush(sim, sim.repo(owner, "widgets")),
  },
  {
    id: 2,
    name: "push that creates the checklist (fresh repository)",
    writes: true,
    needsChecklist: false,
    minimum: { counted: 6, notModified: 0, why: "config read for the first time (repository file + organization defaults: 2); list the app's open checklist issues (1); create the label (1); create the check run on the commit (1); create the issue (1)" },
    prepare: (sim, owner) => ({ event: "push", payload: payloads(sim, sim.repo(owner, "widgets")).push({ after: HEAD_SHA, message: "feat: first" }), repository: owner }),
  },
  {
    id: 3,
    name: "issues.edited ticking one box",
    writes: true,
    needsChecklist: true,
    minimum: { counted: 2, notModified: 2, why: "config (2 × 304); the payload carries the new body and the marker the check run id, so: update the check run (1) and write progress + audit into the issue (1)" },
    warmUp: (sim, owner) => sameHeadPush(sim, sim.repo(owner, "widgets")),
    prepare: (sim, owner) => {
      const repo = sim.repo(owner, "widgets");
      const checklist = checklistOf(repo);
      if (!checklist) throw new Error(`no checklist in ${owner}/widgets`);
      const before = checklist.body;
      let first = true;
      checklist.body = tick(before, () => (first ? !(first = false) : false));
      return { event: "issues", payload: payloads(sim, repo).issueEdited(checklist.number, before, "maya"), repository: owner };
    },
  },
  {
    id: 4,
    name: "/rollback <tag> plan (no confirmation)",
    writes: true,
    needsChecklist: true,
    minimum: { counted: 6, notModified: 2, why: "config (2 × 304); the commenter's role (1); the issue's comments, to find an earlier plan or a redelivery (1); the releases, for the release and the last known good version (1); the tag's commit (1); 👀 reaction (1); the plan comment (1)" },
    warmUp: (sim, owner) => sameHeadPush(sim, sim.repo(owner, "widgets")),
    prepare: (sim, owner) => ({ event: "issue_comment", payload: payloads(sim, sim.repo(owner, "widgets")).comment(1, "/rollback v0.1.0", "maya"), repository: owner }),
  },
  {
    id: 5,
    name: "ignored event (push to another branch)",
    writes: false,
    needsChecklist: false,
    minimum: { counted: 0, notModified: 0, why: "decided from the payload alone" },
    prepare: (sim, owner) => ({ event: "push", payload: payloads(sim, sim.repo(owner, "widgets")).push({ after: HEAD_SHA, ref: "refs/heads/feature" }), repository: owner }),
  },
];
