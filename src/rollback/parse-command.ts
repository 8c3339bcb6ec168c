import { parseArgs } from "node:util";
import semver from "semver";
import parseArgsStringToArgv from "string-argv";
import type { Nodes } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseMarkdown } from "../checklists/parse-task-list.js";
import { severityNames, type Severity } from "../config/schema.js";

/** A command line found in a comment: `/rollback …` or `/anvil …`, at the start of a line. */
export interface CommandLine {
  name: "rollback" | "anvil";
  /** Everything after the command name on that line. */
  rest: string;
}

const COMMAND_LINE = /^\/(rollback|anvil)(?=\s|$)(.*)$/;

/**
 * Command lines in a comment, read from the Markdown the way GitHub renders it: only from
 * paragraph text, so a command inside a code fence, inline code or a `>` quote is never run.
 * Inline code is blanked rather than removed, so "`/rollback v1` please" starts with no command.
 */
export function findCommandLines(comment: string): CommandLine[] {
  if (!comment.includes("/rollback") && !comment.includes("/anvil")) return [];
  const found: CommandLine[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "blockquote" || node.type === "code" || node.type === "html") return;
    if (node.type === "paragraph" || node.type === "heading") {
      const text = node.children.map((child) => (child.type === "inlineCode" ? "\u0000code\u0000" : toString(child))).join("");
      for (const line of text.split("\n")) {
        const match = COMMAND_LINE.exec(line.trim() === line ? line : line.replace(/^[ \t]+/, ""));
        if (match) found.push({ name: match[1] as CommandLine["name"], rest: match[2] ?? "" });
      }
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parseMarkdown(comment));
  return found;
}

export interface RollbackRequest {
  kind: "rollback";
  /** The tag as typed (validated); resolution against the repository's tags happens later. */
  tag: string;
  severity: Severity;
  /** True when `--severity` was omitted and the default applies. */
  severityDefaulted: boolean;
  reason?: string;
  advisory: boolean;
  dryRun: boolean;
  confirm: boolean;
}

export type ParsedCommand = RollbackRequest | { kind: "help" } | { kind: "invalid"; message: string };

const MAX_TAG_LENGTH = 64;
const MAX_REASON_LENGTH = 500;

/**
 * A plausible release tag: a semantic version with an optional `v`, nothing else. This refuses
 * path-like values, control characters, shell metacharacters and overlong input before any request.
 */
export function isPlausibleTag(tag: string): boolean {
  if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) return false;
  if (!/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(tag)) return false;
  return semver.valid(tag.replace(/^v/, "")) !== null;
}

/** Text from a comment, safe to quote back in a reply: one line, no markup, no mentions, bounded. */
export function quoteSafely(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/\s+/g, " ").trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short.replace(/[`<>@\\[\]*_|]/g, (c) => (c === "@" ? "@\u200b" : `\\${c}`));
}

/** Parse the arguments of `/rollback` (or `/anvil`) into a request, `help`, or a polite refusal. */
export function parseCommand(line: CommandLine): ParsedCommand {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line.rest)) return { kind: "invalid", message: "The command contains control characters." };
  let argv: string[];
  try {
    argv = parseArgsStringToArgv(line.rest);
  } catch {
    return { kind: "invalid", message: "I could not read the command's arguments." };
  }
  if (line.name === "anvil") {
    return argv.length === 0 || argv[0] === "help" ? { kind: "help" } : { kind: "invalid", message: `Unknown \`/anvil\` command \`${quoteSafely(argv[0] ?? "")}\`.` };
  }
  if (argv[0] === "help" || argv.length === 0) return argv.length === 0 ? { kind: "invalid", message: "Which release? Name a tag, e.g. `/rollback v0.1.0`." } : { kind: "help" };

  // Judge the tag before the flags, so `v1.0.0;rm -rf /` is refused as a bad tag, not a bad flag.
  const candidate = argv.find((arg) => !arg.startsWith("-"));
  if (candidate !== undefined && candidate === argv[0] && !isPlausibleTag(candidate)) return refuseTag(candidate);

  let parsed: ReturnType<typeof parseRollbackArgs>;
  try {
    parsed = parseRollbackArgs(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "invalid", message: describeArgError(message) };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    return { kind: "invalid", message: positionals.length === 0 ? "Which release? Name a tag, e.g. `/rollback v0.1.0`." : "Name exactly one release tag." };
  }
  const tag = positionals[0] ?? "";
  if (!isPlausibleTag(tag)) return refuseTag(tag);

  const severity = values.severity?.toLowerCase();
  if (severity !== undefined && !(severityNames as readonly string[]).includes(severity)) {
    return { kind: "invalid", message: `Unknown severity \`${quoteSafely(values.severity ?? "", 20)}\`: use one of ${severityNames.map((s) => `\`${s}\``).join(", ")}.` };
  }
  const reason = values.reason?.replace(/\s+/g, " ").trim();
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) return { kind: "invalid", message: `The reason is too long (at most ${MAX_REASON_LENGTH} characters).` };

  return {
    kind: "rollback",
    tag,
    severity: (severity as Severity | undefined) ?? "high",
    severityDefaulted: severity === undefined,
    ...(reason ? { reason } : {}),
    advisory: values.advisory === true,
    dryRun: values["dry-run"] === true,
    confirm: values.confirm === true,
  };
}

function refuseTag(tag: string): ParsedCommand {
  return { kind: "invalid", message: `\`${quoteSafely(tag, 40)}\` is not a release tag I can roll back: expected a version such as \`v1.2.3\` or \`1.2.3\`.` };
}

function parseRollbackArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      severity: { type: "string" },
      reason: { type: "string" },
      advisory: { type: "boolean" },
      "dry-run": { type: "boolean" },
      confirm: { type: "boolean" },
    },
  });
}

function describeArgError(message: string): string {
  const unknown = /Unknown option '([^']*)'/.exec(message);
  if (unknown) return `Unknown option \`${quoteSafely(unknown[1] ?? "", 30)}\`. Options: \`--severity\`, \`--reason\`, \`--advisory\`, \`--dry-run\`, \`--confirm\`.`;
  const missing = /Option '([^']*?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `\`${quoteSafely(missing[1] ?? "", 30)}\` needs a value.`;
  if (/does not take an argument/.test(message)) return "A flag such as `--confirm` takes no value.";
  return "I could not read the command's arguments.";
}

/** Whether two tags name the same release (`0.1.0` and `v0.1.0`). */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, "") === b.replace(/^v/, "");
}
