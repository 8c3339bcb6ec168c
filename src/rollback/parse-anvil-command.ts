import { parseArgs } from "node:util";
import { inert } from "../markdown/escape.js";
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
      if (positionals.length !== 1 || tag === undefined) return { kind: "invalid", message: "Name exactly one revoked release, e.g. `/anvil post-mortem v0.1.0`." };
      if (!isPlausibleTag(tag)) return { kind: "invalid", message: `\`${inert(tag, 40)}\` is not a release tag: expected a version such as \`v1.2.3\`.` };
      return { kind: "post-mortem", tag };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'([^']+)'/.exec(message)?.[1];
    return { kind: "invalid", message: option ? `\`/anvil ${name}\` does not take \`${inert(option, 40)}\`.` : `\`/anvil ${name}\` takes no such argument.` };
  }
  return { kind: "invalid", message: `Unknown \`/anvil\` command \`${inert(name ?? "", 80)}\`.` };
}
