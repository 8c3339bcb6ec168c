import { describe, expect, it } from "vitest";
import { inert } from "../../../src/markdown/escape.js";
import { findCommandLines } from "../../../src/markdown/find-commands.js";

const found = (comment: string) => findCommandLines(comment).map((line) => `/${line.name}${line.rest}`);

describe("commands count only where a reader sees them as plain text", () => {
  it.each([
    ["/rollback v0.1.0 --confirm", ["/rollback v0.1.0 --confirm"]],
    ["Broken installer.\n/rollback v0.1.0 --confirm\nThanks", ["/rollback v0.1.0 --confirm"]],
    ["- /rollback v0.1.0", ["/rollback v0.1.0"]],
    ["/rollback v0.1.0 --reason \"bad build\"", ["/rollback v0.1.0 --reason \"bad build\""]],
  ])("acts on %j", (comment, expected) => {
    expect(found(comment)).toEqual(expected);
  });

  it.each([
    ["an inline HTML comment", "Looks good <!-- \n/rollback v0.1.0 --confirm\n -->"],
    ["an inline HTML comment on one line", "ok <!-- /rollback v0.1.0 --confirm -->"],
    ["a block HTML comment", "<!--\n/rollback v0.1.0 --confirm\n-->"],
    ["a block HTML comment with blank lines", "<!--\n\n/rollback v0.1.0 --confirm\n\n-->"],
    ["a <details> block", "<details>\n\n/rollback v0.1.0 --confirm\n\n</details>"],
    ["a hidden div", "<div hidden>\n\n/rollback v0.1.0 --confirm\n\n</div>"],
    ["an inline element", "<span>/rollback v0.1.0 --confirm</span>"],
    ["an inline element spanning lines", "<sub>\n/rollback v0.1.0 --confirm\n</sub>"],
    ["a line that also carries HTML", "/rollback v0.1.0 --confirm <!-- hidden -->"],
    ["a fenced code block", "```\n/rollback v0.1.0 --confirm\n```"],
    ["inline code", "`/rollback v0.1.0 --confirm`"],
    ["an indented code block", "    /rollback v0.1.0 --confirm"],
    ["a quote", "> /rollback v0.1.0 --confirm"],
    ["a link", "[/rollback v0.1.0 --confirm](https://example.com)"],
    ["an image", "![/rollback v0.1.0 --confirm](https://example.com/x.png)"],
    ["emphasis", "*/rollback v0.1.0 --confirm*"],
    ["a table", "| a |\n| - |\n| /rollback v0.1.0 --confirm |"],
    ["a footnote", "x[^1]\n\n[^1]: /rollback v0.1.0 --confirm"],
    ["mid-sentence", "please /rollback v0.1.0 --confirm"],
  ])("ignores one inside %s", (_where, comment) => {
    expect(found(comment)).toEqual([]);
  });

  it("reads past a closed block element", () => {
    expect(found("<details><summary>log</summary>\n\nx\n\n</details>\n\n/rollback v0.1.0")).toEqual(["/rollback v0.1.0"]);
  });
});

describe("inert", () => {
  it("makes people's text one harmless line", () => {
    expect(inert("@org/team <img src=x> *bold* [x](y) a|b\nsecond")).toBe("@\u200borg/team &lt;img src=x&gt; \\*bold\\* \\[x\\](y) a\\|b second");
    expect(inert("a".repeat(300)).length).toBe(120);
  });
});
