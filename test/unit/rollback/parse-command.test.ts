import { describe, expect, it } from "vitest";
import { inert } from "../../../src/markdown/escape.js";
import { findCommandLines } from "../../../src/markdown/find-commands.js";
import { parseCommand, type ParsedCommand } from "../../../src/rollback/parse-command.js";
import { isPlausibleTag, sameVersion } from "../../../src/versions/versions.js";

/** Parse a whole comment the way the handler does: its first command line, if any. */
function parse(comment: string): ParsedCommand | "no command" {
  const [line] = findCommandLines(comment);
  return line ? parseCommand(line) : "no command";
}

describe("finding command lines in a comment", () => {
  it.each([
    ["/rollback v0.1.0", 1],
    ["Installer is broken.\n/rollback v0.1.0 --severity critical\nThanks", 1],
    ["  /rollback v0.1.0", 1],
    ["/anvil help", 1],
    ["```\n/rollback v0.1.0\n```", 0],
    ["~~~sh\n/rollback v0.1.0\n~~~", 0],
    ["    /rollback v0.1.0", 0], // indented code block
    ["`/rollback v0.1.0`", 0],
    ["Run `/rollback v0.1.0` to roll back", 0],
    ["> /rollback v0.1.0", 0],
    ["> quoted\n> /rollback v0.1.0", 0],
    ["<!-- /rollback v0.1.0 -->", 0],
    ["please /rollback v0.1.0", 0],
    ["/rollbackv0.1.0", 0],
    ["/rollbacks v0.1.0", 0],
    ["", 0],
  ])("%j → %i command line(s)", (comment, count) => {
    expect(findCommandLines(comment)).toHaveLength(count);
  });
});

describe("the /rollback grammar: accepted", () => {
  it.each<[string, Partial<ParsedCommand>]>([
    ["/rollback v0.1.0", { kind: "rollback", tag: "v0.1.0", severity: "critical", severityDefaulted: true, advisory: false, dryRun: false, confirm: false }],
    ["/rollback 0.1.0", { kind: "rollback", tag: "0.1.0" }],
    ["/rollback v1.2.3-rc.1+build.5", { kind: "rollback", tag: "v1.2.3-rc.1+build.5" }],
    ["/rollback v0.1.0 --severity critical", { kind: "rollback", severity: "critical", severityDefaulted: false }],
    ["/rollback v0.1.0 --severity CRITICAL", { kind: "rollback", severity: "critical" }],
    ["/rollback v0.1.0 --severity=low", { kind: "rollback", severity: "low" }],
    ['/rollback v0.1.0 --reason "installer deletes files"', { kind: "rollback", reason: "installer deletes files" }],
    ["/rollback v0.1.0 --reason 'single quoted'", { kind: "rollback", reason: "single quoted" }],
    ["/rollback v0.1.0 --advisory --dry-run --confirm", { kind: "rollback", advisory: true, dryRun: true, confirm: true }],
    ["/rollback --confirm v0.1.0", { kind: "rollback", tag: "v0.1.0", confirm: true }],
    ["/rollback help", { kind: "help" }],
    ["/anvil help", { kind: "help" }],
    ["/anvil", { kind: "help" }],
  ])("%s", (comment, expected) => {
    expect(parse(comment)).toMatchObject(expected);
  });
});

describe("the /rollback grammar: refused politely, before any request", () => {
  it.each<[string, RegExp]>([
    ["/rollback", /Which release/],
    ["/rollback v0.1.0 v0.2.0", /exactly one release tag/],
    ["/rollback latest", /not a release tag/],
    ["/rollback main", /not a release tag/],
    ["/rollback ../../etc/passwd", /not a release tag/],
    ["/rollback refs/tags/v0.1.0", /not a release tag/],
    ["/rollback v0.1", /not a release tag/],
    ["/rollback v0.1.0;rm", /not a release tag/],
    ["/rollback v0.1.0$(id)", /not a release tag/],
    ["/rollback `v0.1.0`", /./],
    ["/rollback v0.1.0|cat", /not a release tag/],
    [`/rollback v${"1".repeat(70)}.0.0`, /not a release tag/],
    ["/rollback v0.1.0 --severity urgent", /Unknown severity/],
    ["/rollback v0.1.0 --severity", /needs a value/],
    ["/rollback v0.1.0 --force", /Unknown option/],
    ["/rollback v0.1.0 --confirm=yes", /takes no value/],
    [`/rollback v0.1.0 --reason "${"x".repeat(501)}"`, /too long/],
    ["/rollback v0.1.0 \u0007", /control characters/],
    ["/anvil deploy", /Unknown `\/anvil` command/],
  ])("%s", (comment, message) => {
    const result = parse(comment);
    if (result === "no command") return expect(comment).toContain("`"); // inline code is not a command at all
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.message).toMatch(message);
  });
});

describe("generated hostile input", () => {
  // A small deterministic generator: no test flakes, and every run covers the same cases.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pieces = ["v", "0", "1", ".", "-", "+", "/", "..", "\\", ";", "|", "&", "$", "(", ")", "`", "'", '"', "<", ">", "*", "?", "~", "%", "\u202e", "\u0000", "\u001b", " ", "\t", "é", "🙂", "refs/tags/", "--", "=", "@"];
  const tags = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join(""));

  it("never accepts a tag that is not a plain semantic version, and never throws", () => {
    for (const tag of tags) {
      const result = parseCommand({ name: "rollback", rest: ` ${tag}` });
      if (result.kind === "rollback") {
        expect(result.tag).toMatch(/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/);
        expect(isPlausibleTag(result.tag)).toBe(true);
      }
    }
  });

  it("replies quote user input safely: one line, no mentions, no markup, bounded", () => {
    for (const tag of tags) {
      const quoted = inert(`${tag} @octocat **bold** <img src=x>`, 40);
      // eslint-disable-next-line no-control-regex -- asserting control characters are gone is the point
      expect(quoted).not.toMatch(/[\n\r\u0000-\u001f]/);
      expect(quoted).not.toContain("@octocat");
      expect(quoted).not.toMatch(/(?<!\\)[`<>]/);
      expect(quoted.length).toBeLessThanOrEqual(80);
    }
  });

  it("an overlong comment full of commands is handled quickly and only command lines count", () => {
    const comment = `${"text ".repeat(10_000)}\n/rollback v0.1.0\n${"> /rollback v9.9.9\n".repeat(500)}`;
    const lines = findCommandLines(comment);
    expect(lines).toHaveLength(1);
    expect(parseCommand(lines[0]!)).toMatchObject({ kind: "rollback", tag: "v0.1.0" });
  });
});

describe("tags", () => {
  it("0.1.0 and v0.1.0 name the same version", () => {
    expect(sameVersion("v0.1.0", "0.1.0")).toBe(true);
    expect(sameVersion("v0.1.0", "v0.1.1")).toBe(false);
  });
});

describe("the /rollback grammar: --revoke and --resolved-by (issue 11)", () => {
  it.each<[string, Partial<ParsedCommand>]>([
    ["/rollback v0.1.0 --revoke mark", { kind: "rollback", revoke: "mark" }],
    ["/rollback v0.1.0 --severity high --revoke=DELETE", { kind: "rollback", severity: "high", revoke: "delete" }],
    ["/rollback v0.1.0 --revoke none --confirm", { kind: "rollback", revoke: "none", confirm: true }],
    ["/rollback v0.1.0 --resolved-by v0.1.1", { kind: "resolve", tag: "v0.1.0", resolvedBy: "v0.1.1" }],
    ["/rollback 0.1.0 --resolved-by=0.0.10", { kind: "resolve", tag: "0.1.0", resolvedBy: "0.0.10" }],
  ])("%s", (comment, expected) => {
    expect(parse(comment)).toMatchObject(expected);
  });

  it.each<[string, string]>([
    ["/rollback v0.1.0 --revoke yank", "Unknown `--revoke` value `yank`: use one of `delete`, `mark`, `none`."],
    ["/rollback v0.1.0 --resolved-by latest", "`--resolved-by` needs the fix's release tag, such as `v1.2.4`; `latest` is not one."],
    ["/rollback v0.1.0 --resolved-by v0.1.1 --confirm", "`--resolved-by` stands alone: drop `--confirm`."],
    ["/rollback v0.1.0 --resolved-by v0.1.1 --severity low --revoke none", "`--resolved-by` stands alone: drop `--severity`, `--revoke`."],
    ["/rollback v0.1.0 --resolved-by", "`--resolved-by` needs a value."],
  ])("%s → refused", (comment, message) => {
    expect(parse(comment)).toEqual({ kind: "invalid", message });
  });
});
