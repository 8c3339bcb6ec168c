import { describe, expect, it } from "vitest";
import { drillRecordsIn, drillReminderFor, refreshDrillReminder, withDrillReminder, withoutDrillReminder } from "../../../src/checklists/drill-reminder.js";
import { readChecklistState, type ChecklistState } from "../../../src/checklists/checklist-state.js";
import { checklistItems, refreshBody, renderNewChecklist } from "../../../src/checklists/render-checklist.js";
import { markerCodec } from "../../../src/markers/codec.js";
import { readSection } from "../../../src/markers/sections.js";
import type { DrillRecord } from "../../../src/rollback/drill.js";

const markers = markerCodec("42");
const now = new Date("2026-11-25T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const drill = (finishedAt?: string): DrillRecord => ({ tag: "v0.1.1-drill.1", severity: "critical", actor: "alice", startedAt: daysAgo(200), ...(finishedAt ? { finishedAt } : {}) });
const on = { intervalDays: 91, remind: true };
const state: ChecklistState = { type: "pre-release", after: null, sha: "a".repeat(40) };
const TEMPLATE = "- [ ] one\n- [ ] two\n";

describe("drill records on issues", () => {
  it("reads only labelled issues whose drill marker verifies and has the record's shape", () => {
    const record = drill(daysAgo(3));
    const signed = `${markers.encode("drill", record)}\nDrill report`;
    const forged = signed.replace(/[0-9a-f]{32} -->/, `${"0".repeat(32)} -->`);
    const unsigned = `<!-- anvil:drill ${JSON.stringify(record)} -->`;
    const otherRepository = markerCodec("43").encode("drill", record);
    const wrongShape = markers.encode("drill", { tag: "v1" });
    const labelled = (body: string) => ({ body, labels: ["anvil:drill"] });
    expect(drillRecordsIn([labelled(signed), labelled(forged), labelled(unsigned), labelled(otherRepository), labelled(wrongShape), { body: signed, labels: ["incident"] }], markers)).toEqual([record]);
  });
});

describe("the reminder's text", () => {
  it("is there when no drill finished or the last is older than the interval; not when recent or reminders are off", () => {
    expect(drillReminderFor([], on, now)).toContain("No rollback drill has been run in this repository yet");
    expect(drillReminderFor([drill(daysAgo(120))], on, now)).toContain(`The last rollback drill was on ${daysAgo(120).slice(0, 10)}, 120 days ago`);
    expect(drillReminderFor([drill(daysAgo(120)), drill()], on, now)).toContain("120 days ago"); // an unfinished drill is no practice
    expect(drillReminderFor([drill(daysAgo(10))], on, now)).toBeUndefined();
    expect(drillReminderFor([], { intervalDays: 91, remind: false }, now)).toBeUndefined();
    expect(drillReminderFor([drill(daysAgo(40))], { intervalDays: 30, remind: true }, now)).toContain("one every 30 days");
  });
  it("speaks to people: a workflow's GITHUB_TOKEN comment would be a bot, which Anvil ignores", () => {
    expect(drillReminderFor([], on, now)).toContain("A maintainer can comment `/anvil drill --dry-run`");
  });
});

describe("the reminder's section in a checklist body", () => {
  const fresh = renderNewChecklist({ markers, state, template: TEMPLATE });
  const reminder = drillReminderFor([], on, now)!;
  const withReminder = withDrillReminder(fresh, reminder);

  it("sits right below the status line, counts no boxes, and leaves the rest byte for byte", () => {
    expect(withReminder.indexOf("<!-- anvil:section:drill-reminder -->")).toBeGreaterThan(withReminder.indexOf("<!-- anvil:end:status -->"));
    expect(withReminder.indexOf("<!-- anvil:end:drill-reminder -->")).toBeLessThan(withReminder.indexOf("- [ ] one"));
    expect(readSection(withReminder, "drill-reminder")).toBe(reminder);
    const boxes = (body: string) => checklistItems(body).map(({ checked, text }) => ({ checked, text }));
    expect(boxes(withReminder)).toEqual(boxes(fresh));
    expect(withDrillReminder(fresh, undefined)).toBe(fresh);
    expect(withoutDrillReminder(withReminder)).toBe(fresh);
    expect(withoutDrillReminder(fresh)).toBe(fresh);
  });

  it("survives Anvil's rewrites once, with the human text around it", () => {
    const edited = `${withReminder.replace("- [ ] one", "- [x] one")}\nA human's note.\n`;
    const rewritten = refreshBody(markers, refreshBody(markers, edited, { ...state, checkRunId: 5 }), { ...state, checkRunId: 6 });
    expect(rewritten.split("<!-- anvil:section:drill-reminder -->")).toHaveLength(2);
    expect(readSection(rewritten, "drill-reminder")).toBe(reminder);
    expect(rewritten).toContain("- [x] one");
    expect(rewritten).toContain("A human's note.");
    expect(readChecklistState(rewritten, markers)).toMatchObject({ checkRunId: 6 });
  });

  it("is dropped on a rewrite only when a recent drill was seen or reminders were turned off", () => {
    expect(refreshDrillReminder(withReminder, [drill(daysAgo(2))], on, now)).toBe(fresh);
    expect(refreshDrillReminder(withReminder, [], { intervalDays: 91, remind: false }, now)).toBe(fresh);
    expect(refreshDrillReminder(withReminder, [], on, now)).toBe(withReminder); // seeing no drill proves nothing
    expect(refreshDrillReminder(withReminder, [drill(daysAgo(100)), drill()], on, now)).toBe(withReminder);
  });
});
