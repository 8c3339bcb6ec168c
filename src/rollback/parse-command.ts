import { parseArgs } from "node:util";
import parseArgsStringToArgv from "string-argv";
import { severityNames, type Severity } from "../config/schema.js";
import { commandError } from "../messages/command-errors.js";
import { isAnvilSubcommand, parseAnvilSubcommand } from "./parse-anvil-command.js";
import type { CommandLine } from "../markdown/find-commands.js";
import { isPlausibleTag } from "../versions/versions.js";
import { REVOCATIONS, type Revocation } from "./response.js";

export interface RollbackRequest {
  kind: "rollback";
  /** The tag as typed (validated); resolution against the repository's tags happens later. */
  tag: string;
  severity: Severity;
  /** True when `--severity` was omitted and the default applies. */
  severityDefaulted: boolean;
  reason?: string;
  advisory: boolean;
  /** `--revoke delete|mark|none`: this run's revocation instead of the severity's. */
  revoke?: Revocation;
  dryRun: boolean;
  confirm: boolean;
}

/** `/rollback v0.1.0 --resolved-by v0.1.1`: the incident of `tag` is resolved by `resolvedBy`. */
export interface ResolveRequest {
  kind: "resolve";
  tag: string;
  resolvedBy: string;
}

/** `/anvil post-mortem <tag>` (issue 12): the post-mortem pull request for that incident. */
export interface PostMortemRequest {
  kind: "post-mortem";
  tag: string;
}

/** `/anvil drill [--dry-run]` (issue 12): a rollback drill on a throwaway pre-release. */
export interface DrillRequest {
  kind: "drill";
  dryRun: boolean;
}

export type ParsedCommand = RollbackRequest | ResolveRequest | PostMortemRequest | DrillRequest | { kind: "help" } | { kind: "invalid"; message: string };

const MAX_REASON_LENGTH = 500;

/** Parse the arguments of `/rollback` (or `/anvil`) into a request, `help`, or a polite refusal. */
export function parseCommand(line: CommandLine): ParsedCommand {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line.rest)) return { kind: "invalid", message: commandError.controlCharacters };
  let argv: string[];
  try {
    argv = parseArgsStringToArgv(line.rest);
  } catch {
    return { kind: "invalid", message: commandError.unreadable };
  }
  if (line.name === "anvil") {
    // Issue 12's subcommands have their own parser (parse-anvil-command.ts).
    if (isAnvilSubcommand(argv[0])) return parseAnvilSubcommand(argv);
    return argv.length === 0 || argv[0] === "help" ? { kind: "help" } : { kind: "invalid", message: commandError.unknownAnvilCommand(argv[0] ?? "") };
  }
  if (argv[0] === "help" || argv.length === 0) return argv.length === 0 ? { kind: "invalid", message: commandError.whichRelease } : { kind: "help" };

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
    return { kind: "invalid", message: positionals.length === 0 ? commandError.whichRelease : commandError.oneTag };
  }
  const tag = positionals[0] ?? "";
  if (!isPlausibleTag(tag)) return refuseTag(tag);

  const resolvedBy = values["resolved-by"];
  if (resolvedBy !== undefined) {
    if (!isPlausibleTag(resolvedBy)) return { kind: "invalid", message: commandError.resolvedByNotATag(resolvedBy) };
    const others = (["severity", "reason", "advisory", "revoke", "dry-run", "confirm"] as const).filter((name) => values[name] !== undefined);
    if (others.length > 0) return { kind: "invalid", message: commandError.resolvedByAlone(others) };
    return { kind: "resolve", tag, resolvedBy };
  }
  const revoke = values.revoke?.toLowerCase();
  if (revoke !== undefined && !(REVOCATIONS as readonly string[]).includes(revoke)) {
    return { kind: "invalid", message: commandError.unknownRevoke(values.revoke ?? "", REVOCATIONS) };
  }
  const severity = values.severity?.toLowerCase();
  if (severity !== undefined && !(severityNames as readonly string[]).includes(severity)) {
    return { kind: "invalid", message: commandError.unknownSeverity(values.severity ?? "", severityNames) };
  }
  const reason = values.reason?.replace(/\s+/g, " ").trim();
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) return { kind: "invalid", message: commandError.reasonTooLong(MAX_REASON_LENGTH) };

  return {
    kind: "rollback",
    tag,
    // Without --severity the configured default applies (`rollback.defaultSeverity`, critical unless changed).
    severity: (severity as Severity | undefined) ?? "critical",
    severityDefaulted: severity === undefined,
    ...(reason ? { reason } : {}),
    advisory: values.advisory === true,
    ...(revoke ? { revoke: revoke as Revocation } : {}),
    dryRun: values["dry-run"] === true,
    confirm: values.confirm === true,
  };
}

function refuseTag(tag: string): ParsedCommand {
  return { kind: "invalid", message: commandError.notATag(tag) };
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
      revoke: { type: "string" },
      "resolved-by": { type: "string" },
      "dry-run": { type: "boolean" },
      confirm: { type: "boolean" },
    },
  });
}

function describeArgError(message: string): string {
  const unknown = /Unknown option '([^']*)'/.exec(message);
  if (unknown) return commandError.unknownOption(unknown[1] ?? "");
  const missing = /Option '([^']*?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return commandError.needsValue(missing[1] ?? "");
  if (/does not take an argument/.test(message)) return commandError.flagTakesNoValue;
  return commandError.unreadable;
}
