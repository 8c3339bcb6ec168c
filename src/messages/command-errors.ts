import { inert } from "../markdown/escape.js";

/**
 * Why a command could not be read, as the reply says it (after "Sorry, I could not run that
 * command." and before "Nothing was changed", see `renderInvalid`). Whatever the commenter typed
 * is quoted through `inert`.
 */
export const commandError = {
  controlCharacters: "The command contains control characters.",
  unreadable: "I could not read the command's arguments.",
  whichRelease: "Which release? Name a tag, e.g. `/rollback v0.1.0`.",
  oneTag: "Name exactly one release tag.",
  notATag: (tag: string) => `\`${inert(tag, 40)}\` is not a release tag I can roll back: expected a version such as \`v1.2.3\` or \`1.2.3\`.`,
  resolvedByNotATag: (value: string) => `\`--resolved-by\` needs the fix's release tag, such as \`v1.2.4\`; \`${inert(value, 40)}\` is not one.`,
  resolvedByAlone: (flags: readonly string[]) => `\`--resolved-by\` stands alone: drop ${flags.map((name) => `\`--${name}\``).join(", ")}.`,
  unknownRevoke: (value: string, allowed: readonly string[]) => `Unknown \`--revoke\` value \`${inert(value, 20)}\`: use one of ${allowed.map((r) => `\`${r}\``).join(", ")}.`,
  unknownSeverity: (value: string, allowed: readonly string[]) => `Unknown severity \`${inert(value, 20)}\`: use one of ${allowed.map((s) => `\`${s}\``).join(", ")}.`,
  reasonTooLong: (max: number) => `The reason is too long (at most ${max} characters).`,
  unknownOption: (option: string) => `Unknown option \`${inert(option, 30)}\`. Options: \`--severity\`, \`--reason\`, \`--advisory\`, \`--revoke\`, \`--dry-run\`, \`--confirm\`, \`--resolved-by\`.`,
  needsValue: (option: string) => `\`${inert(option, 30)}\` needs a value.`,
  flagTakesNoValue: "A flag such as `--confirm` takes no value.",
  unknownAnvilCommand: (name: string) => `Unknown \`/anvil\` command \`${inert(name, 80)}\`.`,
  postMortemOneTag: "Name exactly one revoked release, e.g. `/anvil post-mortem v0.1.0`.",
  postMortemNotATag: (tag: string) => `\`${inert(tag, 40)}\` is not a release tag: expected a version such as \`v1.2.3\`.`,
  anvilOptionNotTaken: (command: string, option: string) => `\`/anvil ${command}\` does not take \`${inert(option, 40)}\`.`,
  anvilArgumentNotTaken: (command: string) => `\`/anvil ${command}\` takes no such argument.`,
} as const;
