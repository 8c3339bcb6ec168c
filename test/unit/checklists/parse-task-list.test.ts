import { describe, expect, it } from "vitest";
import { parseTaskList, progressOf } from "../../../src/checklists/parse-task-list.js";
import { DEFAULT_PRE_RELEASE_TEMPLATE, DEFAULT_RELEASE_TEMPLATE } from "../../../src/checklists/default-templates.js";

describe("parseTaskList", () => {
  it("finds GFM task items, nested ones included, with their state and section", () => {
    const items = parseTaskList(["1. **Build**", "   - [ ] one", "   - [x] two", "     - [X] nested", "* [x] star"].join("\n"));
    expect(items.map(({ text, checked, depth, section }) => ({ text, checked, depth, section }))).toEqual([
      { text: "one", checked: false, depth: 0, section: "Build" },
      { text: "two", checked: true, depth: 0, section: "Build" },
      { text: "nested", checked: true, depth: 1, section: "Build" },
      { text: "star", checked: true, depth: 0, section: "Build" },
    ]);
  });

  it("ignores boxes in fenced code, indented code, block quotes and HTML comments", () => {
    const markdown = [
      "- [ ] real",
      "",
      "```",
      "- [ ] fenced",
      "```",
      "",
      "    - [ ] indented code",
      "",
      "> - [ ] quoted",
      "",
      "<!-- - [ ] commented -->",
      "",
      "<!--",
      "- [x] multi-line comment",
      "-->",
    ].join("\n");
    expect(parseTaskList(markdown).map((item) => item.text)).toEqual(["real"]);
  });

  it("does not take brackets that are not a leading checkbox for tasks", () => {
    const items = parseTaskList(["- not a [ ] task", "- [] missing space", "", "text - [ ] inline"].join("\n"));
    expect(items).toEqual([]);
  });

  it("keeps the item's text, without markup, and counts multi-line items once", () => {
    const items = parseTaskList("- [ ] Run `uv run pytest` and\n  read the [report](http://x)\n");
    expect(items).toHaveLength(1);
    expect(items[0]?.text).toBe("Run uv run pytest and read the report");
  });

  it("counts the default templates: 12 pre-release items, 4 release items", () => {
    expect(progressOf(parseTaskList(DEFAULT_PRE_RELEASE_TEMPLATE))).toEqual({ done: 0, total: 12, complete: false });
    expect(progressOf(parseTaskList(DEFAULT_RELEASE_TEMPLATE))).toEqual({ done: 0, total: 4, complete: false });
  });

  it("reports complete only when there is at least one item and all are ticked", () => {
    expect(progressOf([])).toEqual({ done: 0, total: 0, complete: false });
    expect(progressOf(parseTaskList("- [x] a\n- [X] b")).complete).toBe(true);
    expect(progressOf(parseTaskList("- [x] a\n- [ ] b"))).toEqual({ done: 1, total: 2, complete: false });
  });
});
