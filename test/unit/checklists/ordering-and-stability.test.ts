import { describe, expect, it } from "vitest";
import type { ChecklistIssue } from "../../../src/checklists/checklist-issue.js";
import { readChecklistState, type ChecklistState } from "../../../src/checklists/checklist-state.js";
import { planEdit } from "../../../src/checklists/plan-edit.js";
import { ownChecklists, planPush, pushOrder, type PushFacts } from "../../../src/checklists/plan-push.js";
import { enoughForRelease, planRelease } from "../../../src/checklists/plan-release.js";
import { renderNewChecklist } from "../../../src/checklists/render-checklist.js";
import { pushTime } from "../../../src/handlers/push.js";
import { inert } from "../../../src/markdown/escape.js";
import { markerCodec } from "../../../src/markers/codec.js";
import { readSection, writeSection } from "../../../src/markers/sections.js";

const markers = markerCodec("42");
const TEMPLATE = "- [ ] one\n- [ ] two\n";
const sha = (n: number) => n.toString(16).padStart(7, "0").padEnd(40, "f");
const issueOf = (body: string, extra: Partial<ChecklistIssue> = {}): ChecklistIssue => ({ number: 1, body, state: "open", htmlUrl: "https://x/1", createdAt: "2026-11-20T00:00:00Z", ...extra });
const push = (n: number, extra: Partial<PushFacts> = {}): PushFacts => ({ headSha: sha(n), branch: "main", commits: [{ sha: sha(n), message: `commit ${n}`, author: "alice" }], ...extra });

/** Apply a push to a checklist body the way the shell does (plan, then write the planned body). */
function applyPush(body: string, facts: PushFacts): string {
  const plan = planPush(ownChecklists([issueOf(body)], markers), facts, markers);
  if (plan.action === "update") return plan.body;
  if (plan.action === "create") return renderNewChecklist({ markers, state: plan.state, template: TEMPLATE });
  return body;
}

function firstChecklist(facts: PushFacts): string {
  const plan = planPush([], facts, markers);
  if (plan.action !== "create") throw new Error("expected create");
  return renderNewChecklist({ markers, state: plan.state, template: TEMPLATE });
}

describe("time never runs backwards: which push is older", () => {
  const tracked: ChecklistState = { type: "pre-release", sha: sha(2), pushedAt: 200, before: sha(1), commits: [{ sha: sha(1), message: "a" }, { sha: sha(2), message: "b" }] };

  it("orders pushes by GitHub's push time, whatever the commits say", () => {
    expect(pushOrder(tracked, "", push(9, { pushedAt: 100 }))).toBe("older");
    expect(pushOrder(tracked, "", push(1, { pushedAt: 300 }))).toBe("newer"); // a force push back to an old commit is a new push
    expect(pushOrder(tracked, "", push(2, { pushedAt: 100 }))).toBe("same");
  });

  it("within the same second (or without a time), a head the checklist has seen is older", () => {
    expect(pushOrder(tracked, "", push(1, { pushedAt: 200 }))).toBe("older");
    expect(pushOrder(tracked, "", push(1))).toBe("older");
    expect(pushOrder({ ...tracked, commits: [] }, "", push(1))).toBe("older"); // the tracked push started from it
    expect(pushOrder(tracked, "", push(3, { pushedAt: 200 }))).toBe("newer");
  });

  it("a late older push neither moves the checklist nor plans a check run", () => {
    const body = applyPush(firstChecklist(push(1, { pushedAt: 100 })), push(2, { pushedAt: 200 }));
    expect(planPush(ownChecklists([issueOf(body)], markers), push(9, { pushedAt: 150 }), markers)).toEqual({ action: "none", reason: `commit ${sha(9).slice(0, 7)} was pushed before the tracked one` });
    expect(planPush(ownChecklists([issueOf(body)], markers), push(1), markers).action).toBe("none");
  });

  it("an old push arriving after the cycle shipped does not open a new cycle on an old commit", () => {
    const shippedState = { ...readChecklistState(applyPush(firstChecklist(push(1, { pushedAt: 100 })), push(2, { pushedAt: 200 })), markers)!, releasedAs: "v1.0.0" };
    const shipped = issueOf(renderNewChecklist({ markers, state: shippedState, template: TEMPLATE }), { state: "closed" });
    expect(planPush(ownChecklists([shipped], markers), push(1, { pushedAt: 100 }), markers).action).toBe("none");
    expect(planPush(ownChecklists([shipped], markers), push(2, { pushedAt: 200 }), markers).action).toBe("none");
    expect(planPush(ownChecklists([shipped], markers), push(3, { pushedAt: 300 }), markers)).toMatchObject({ action: "create", state: { after: "v1.0.0", sha: sha(3) } });
  });

  it("a release event delivered late never links the next cycle's checklist", () => {
    const next = issueOf(renderNewChecklist({ markers, state: { type: "pre-release", after: "v1.0.0", sha: sha(5) }, template: TEMPLATE }), { createdAt: "2026-11-22T00:00:00Z" });
    const checklists = ownChecklists([next], markers);
    expect(planRelease(checklists, { tag: "v1.0.0", publishedAt: "2026-11-21T00:00:00Z" }).link).toBeUndefined();
    expect(planRelease(checklists, { tag: "v1.1.0", publishedAt: "2026-11-23T00:00:00Z" }).link?.issue.number).toBe(1);
    expect(enoughForRelease(checklists, { tag: "v1.0.0", publishedAt: "2026-11-21T00:00:00Z" })).toBe(false);
    expect(enoughForRelease(checklists, { tag: "v1.1.0", publishedAt: "2026-11-23T00:00:00Z" })).toBe(true);
  });
});

describe("an edit is counted from the body as it is now", () => {
  const state: ChecklistState = { type: "pre-release", sha: sha(1), checkRunId: 9, reported: "x", lastEditAt: "2026-11-25T10:05:00Z" };
  const base = renderNewChecklist({ markers, state, template: TEMPLATE });
  const both = base.replace("- [ ] one", "- [x] one").replace("- [ ] two", "- [x] two");

  it("an older edit delivered late neither brings back its body nor opens or closes the issue", () => {
    // Edit 1 (10:00) ticked "one"; edit 2 (10:05) ticked "two" and closed the checklist; edit 1 arrives now.
    const plan = planEdit({
      before: base,
      after: base.replace("- [ ] one", "- [x] one"),
      current: { body: both, state: "closed", closedAt: "2026-11-25T10:05:01Z", htmlUrl: "u" },
      state,
      actor: "alice",
      at: "2026-11-25T10:00:00Z",
      closeOnComplete: true,
      markers,
    });
    expect(plan.issueState).toBeUndefined();
    expect(plan.report).toMatchObject({ complete: true, title: "2 / 2 items done" });
    expect(plan.body).toContain("- [x] two");
    expect(plan.state.lastEditAt).toBe("2026-11-25T10:05:00Z");
  });

  it("a redelivered edit adds no second audit line", () => {
    const edit = { before: base, after: base.replace("- [ ] one", "- [x] one"), state: { ...state, lastEditAt: undefined }, actor: "alice", at: "2026-11-25T10:06:00Z", closeOnComplete: false, markers };
    const first = planEdit({ ...edit, current: { body: edit.after, state: "open", htmlUrl: "u" } });
    const written = first.body!;
    const again = planEdit({ ...edit, current: { body: written, state: "open", htmlUrl: "u" }, state: readChecklistState(written, markers)! });
    expect(again.body).toBeUndefined();
    expect(again.checkRun).toBe("none");
    expect(readSection(written, "audit")?.match(/alice ticked/g)).toHaveLength(1);
  });
});

/** A small deterministic generator, so a failure can be replayed. */
function* hostileMessages(seed: number): Generator<string> {
  const pieces = ["fix", "@octocat", "<b>x</b>", "*bold*", "_u_", "`code`", "[l](u)", "a|b", "~~s~~", "\\", "&amp;", "é", "😀", "  spaced  ", "x".repeat(130), "\ttab", "#1", "-", "->"];
  let state = seed;
  for (;;) {
    const words: string[] = [];
    for (let i = 0; i < 4; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      words.push(pieces[state % pieces.length]!);
    }
    yield `${words.join(" ")}\n\nbody line`;
  }
}

describe("rendering is stable", () => {
  it("N successive pushes leave every earlier commit line byte-identical (hostile messages)", () => {
    const messages = hostileMessages(7);
    let body = firstChecklist({ ...push(1, { pushedAt: 1 }), commits: [{ sha: sha(1), message: messages.next().value!, author: "a_l*ice" }] });
    const linesBySha = new Map<string, string>();
    for (let n = 2; n <= 40; n++) {
      body = applyPush(body, { ...push(n, { pushedAt: n }), commits: [{ sha: sha(n), message: messages.next().value!, author: "bob" }] });
      for (const line of (readSection(body, "changes") ?? "").split("\n").filter((text) => text.startsWith("- `"))) {
        const key = line.slice(3, 10);
        const seen = linesBySha.get(key);
        if (seen !== undefined) expect(line).toBe(seen);
        linesBySha.set(key, line);
      }
    }
    expect(linesBySha.size).toBe(40);
    expect(body).not.toContain("\\\\\\\\");
    expect(body).not.toContain("\u200b\u200b");
  });

  it("rendering the same state twice gives the same text", () => {
    const body = applyPush(firstChecklist(push(1, { pushedAt: 1 })), push(2, { pushedAt: 2 }));
    const state = readChecklistState(body, markers)!;
    expect(renderNewChecklist({ markers, state, template: TEMPLATE })).toBe(renderNewChecklist({ markers, state, template: TEMPLATE }));
  });

  it("counts right past 50 commits, across pushes and in one big push", () => {
    let body = firstChecklist(push(1, { pushedAt: 1 }));
    for (let n = 2; n <= 60; n++) body = applyPush(body, push(n, { pushedAt: n }));
    let changes = readSection(body, "changes")!;
    expect(changes).toContain("(60 commits)");
    expect(changes).toContain("- … and 10 earlier commits");
    expect(changes.split("\n").filter((line) => line.startsWith("- `"))).toHaveLength(50);
    expect(readChecklistState(body, markers)?.commitCount).toBe(60);

    const big = Array.from({ length: 70 }, (_, i) => ({ sha: sha(1000 + i), message: `m${i}` }));
    body = applyPush(body, { headSha: sha(1069), branch: "main", pushedAt: 100, commits: big });
    changes = readSection(body, "changes")!;
    expect(changes).toContain("(130 commits)");
    expect(changes).toContain("- … and 80 earlier commits");
    // A redelivery of that push counts nothing twice.
    expect(applyPush(body, { headSha: sha(1069), branch: "main", pushedAt: 100, commits: big })).toBe(body);
  });

  it("a checklist written before commits were kept in the marker keeps its lines exactly", () => {
    const message = "Fix @someone's <b>bug</b> *now* `x` a|b ~~s~~ \\ & done";
    const legacyLine = `- \`${sha(1).slice(0, 7)}\` ${inert(message)} (${inert("alice")})`;
    const legacyState: ChecklistState = { type: "pre-release", after: null, sha: sha(1) };
    const legacy = writeSection(
      renderNewChecklist({ markers, state: legacyState, template: TEMPLATE }),
      "changes",
      ["<details><summary>Changes so far (57 commits)</summary>", "", "- … and 56 earlier commits", legacyLine, "", "</details>"].join("\n"),
    );
    const body = applyPush(legacy, push(2));
    const changes = readSection(body, "changes")!;
    expect(changes).toContain(legacyLine);
    expect(changes).toContain("(58 commits)");
    expect(changes).toContain("- … and 56 earlier commits");
  });
});

describe("the push time", () => {
  it("is read from repository.pushed_at: seconds in push payloads, an ISO date elsewhere, absent otherwise", () => {
    const at = (pushed_at: unknown) => pushTime({ repository: { pushed_at } } as never);
    expect(at(1557933657)).toBe(1557933657);
    expect(at("2019-05-15T15:20:57Z")).toBe(1557933657);
    expect(at(null)).toBeUndefined();
    expect(at("not a date")).toBeUndefined();
  });
});
