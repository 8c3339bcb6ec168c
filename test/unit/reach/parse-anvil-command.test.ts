import { describe, expect, it } from "vitest";
import { isAnvilSubcommand, parseAnvilSubcommand } from "../../../src/rollback/parse-anvil-command.js";

describe("/anvil drill and /anvil post-mortem", () => {
  it.each([
    [["drill"], { kind: "drill", dryRun: false }],
    [["drill", "--dry-run"], { kind: "drill", dryRun: true }],
    [["post-mortem", "v0.1.0"], { kind: "post-mortem", tag: "v0.1.0" }],
    [["post-mortem", "0.1.0"], { kind: "post-mortem", tag: "0.1.0" }],
  ])("accepts %j", (argv, expected) => {
    expect(parseAnvilSubcommand(argv)).toEqual(expected);
  });

  it.each([
    [["drill", "--confirm"], "`/anvil drill` does not take `--confirm`."],
    [["drill", "v0.1.0"], "`/anvil drill` does not take `v0.1.0`."],
    [["drill", "--dry-run=yes"], "`/anvil drill` does not take `--dry-run`."],
    [["post-mortem"], "Name exactly one revoked release, e.g. `/anvil post-mortem v0.1.0`."],
    [["post-mortem", "v1", "v2"], "Name exactly one revoked release, e.g. `/anvil post-mortem v0.1.0`."],
    [["post-mortem", "../../etc"], "`../../etc` is not a release tag: expected a version such as `v1.2.3`."],
    [["post-mortem", "v0.1.0", "--force"], "`/anvil post-mortem` does not take `--force`."],
    [["sing"], "Unknown `/anvil` command `sing`."],
  ])("refuses %j politely", (argv, message) => {
    expect(parseAnvilSubcommand(argv)).toEqual({ kind: "invalid", message });
  });

  it("names its subcommands for the dispatcher", () => {
    expect(isAnvilSubcommand("drill")).toBe(true);
    expect(isAnvilSubcommand("post-mortem")).toBe(true);
    expect(isAnvilSubcommand("help")).toBe(false);
    expect(isAnvilSubcommand(undefined)).toBe(false);
  });
});
