import { parseArgs } from "node:util";
import { commandError } from "../messages/command-errors.js";
import { isPlausibleTag } from "../versions/versions.js";

/**
 * The `/anvil` subcommands of issue 12, parsed from the arguments after `/anvil` (already split
 * like a shell would): `/anvil drill [--dry-run]` and `/anvil post-mortem <tag>`. `parseCommand`
 * hands over when the first argument names one of them; anything else stays its business.
 */
export type AnvilRequest = { kind: "drill"; dryRun: boolean } | { kind: "post-mortem"; tag: string } | { kind: "invalid"; message: string };

export const ANVIL_SUBCOMMANDS = ["drill", "post-mortem"] as const;

export function isAnvilSubcommand(name: string | undefined): boolean {
  return (ANVIL_SUBCOMMANDS as readonly string[]).includes(name ?? "");
}

export function parseAnvilSubcommand(argv: readonly string[]): AnvilRequest {
  const [name, ...rest] = argv;
  try {
    if (name === "drill") {
      const { values } = parseArgs({ args: [...rest], options: { "dry-run": { type: "boolean" } }, strict: true, allowPositionals: false });
      return { kind: "drill", dryRun: values["dry-run"] === true };
    }
    if (name === "post-mortem") {
      const { positionals } = parseArgs({ args: [...rest], options: {}, strict: true, allowPositionals: true });
      const [tag] = positionals;
      if (positionals.length !== 1 || tag === undefined) return { kind: "invalid", message: commandError.postMortemOneTag };
      if (!isPlausibleTag(tag)) return { kind: "invalid", message: commandError.postMortemNotATag(tag) };
      return { kind: "post-mortem", tag };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'([^']+)'/.exec(message)?.[1];
    return { kind: "invalid", message: option ? commandError.anvilOptionNotTaken(name ?? "", option) : commandError.anvilArgumentNotTaken(name ?? "") };
  }
  return { kind: "invalid", message: commandError.unknownAnvilCommand(name ?? "") };
}
