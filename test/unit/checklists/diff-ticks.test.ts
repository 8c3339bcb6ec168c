import { describe, expect, it } from "vitest";
import { diffTicks } from "../../../src/checklists/diff-ticks.js";
import { parseTaskList } from "../../../src/checklists/parse-task-list.js";

const diff = (before: string, after: string) => diffTicks(parseTaskList(before), parseTaskList(after));

describe("diffTicks", () => {
  it("reports ticks and unticks by item text", () => {
    expect(diff("- [ ] a\n- [x] b\n- [ ] c", "- [x] a\n- [ ] b\n- [ ] c")).toEqual([
      { text: "a", change: "ticked" },
      { text: "b", change: "unticked" },
    ]);
  });

  it("does not mistake reordering, additions or removals for ticks", () => {
    expect(diff("- [x] a\n- [ ] b", "- [ ] b\n- [ ] new\n- [x] a")).toEqual([]);
    expect(diff("- [x] a\n- [ ] b", "- [ ] b")).toEqual([]);
  });

  it("pairs duplicate texts by occurrence", () => {
    expect(diff("- [ ] same\n- [ ] same", "- [ ] same\n- [x] same")).toEqual([{ text: "same", change: "ticked" }]);
  });
});
