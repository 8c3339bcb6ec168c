import type { PolicyNote } from "../config/policy.js";
import type { ConfigProblem } from "../config/resolve-config.js";

/** Texts about a configuration Anvil cannot use, and about organization policy it enforced. */

export function describeConfigProblem(problem: ConfigProblem): string {
  return `\`${problem.file}\`${problem.key ? ` (key \`${problem.key}\`)` : ""}: ${problem.message}`;
}

/** A file Probot's config loader could not read as configuration. */
export type LoadFailure =
  | { kind: "invalid-yaml"; detail?: string }
  | { kind: "not-a-mapping" }
  | { kind: "extends-loop" }
  | { kind: "other"; detail: string };

export function describeLoadFailure(failure: LoadFailure): string {
  switch (failure.kind) {
    case "invalid-yaml":
      return `the file is not valid YAML${failure.detail ? `: ${failure.detail}` : ""}`;
    case "not-a-mapping":
      return NOT_A_MAPPING;
    case "extends-loop":
      return "`_extends` loops back to a file already loaded";
    case "other":
      return failure.detail;
  }
}

/** A file whose YAML is a list or a scalar. */
export const NOT_A_MAPPING = "the file must hold a YAML mapping (key: value pairs)";

/** A key the schema does not know (typos included). */
export function unknownKeyMessage(key: string): string {
  return `unknown key \`${key}\``;
}

/** A value the schema refuses; `reason` is the validator's own words ("expected boolean, received string"). */
export function invalidValueMessage(key: string | undefined, reason: string | undefined): string {
  return `\`${key ?? "(root)"}\`: ${reason ?? "invalid value"}`;
}

/** The problem text of a `templatePath` that names no file. */
export function missingTemplateMessage(key: string, path: string): string {
  return `\`${key}\` names \`${path}\`, which does not exist (or is empty) on the default branch`;
}

/** The one issue that says why Anvil is paused: in the repository, or in `<org>/.github` for the organization's file. */
export function renderConfigProblemIssue(problem: ConfigProblem): { title: string; body: string } {
  if (problem.scope === "organization") {
    return {
      title: "Anvil is paused in this organization: its configuration file is invalid",
      body: [
        "Anvil will not open checklists, track them or run `/rollback` in any repository of this organization until the organization's configuration is fixed.",
        "That file holds the organization's policy (who may run `/rollback`, whether it needs a confirmation), and Anvil does not act on a policy it cannot read.",
        "",
        `**Problem:** ${describeConfigProblem(problem)}`,
        "",
        "Fix the file on the default branch of this repository; the next event Anvil receives will pick up the change. See the configuration reference in Anvil's `docs/configuration.md`.",
      ].join("\n"),
    };
  }
  return {
    title: "Anvil is paused: its configuration file is invalid",
    body: [
      "Anvil will not open checklists, track them or run `/rollback` in this repository until its configuration is fixed.",
      "",
      `**Problem:** ${describeConfigProblem(problem)}`,
      "",
      "Fix the file on the default branch; the next event Anvil receives will pick up the change. See the configuration reference in Anvil's `docs/configuration.md`.",
    ].join("\n"),
  };
}

/** The reply to a command Anvil refuses because the configuration cannot be used. Nothing was changed. */
export function renderConfigProblemReply(problem: ConfigProblem): string {
  if (problem.scope === "organization") {
    return [
      "Sorry, I can't run this command: the organization's Anvil configuration is invalid, so I cannot tell what its policy allows (who may run `/rollback`, whether it needs a confirmation), and I refuse rather than guess.",
      "",
      `**Problem:** ${describeConfigProblem(problem)}`,
      "",
      "Nothing was changed. An organization owner needs to fix that file on the default branch of the organization's `.github` repository; then try again.",
    ].join("\n");
  }
  return [
    "Sorry, I can't run this command: the Anvil configuration for this repository is invalid, so I am not acting on it.",
    "",
    `**Problem:** ${describeConfigProblem(problem)}`,
    "",
    "Nothing was changed. Fix the file on the default branch and try again.",
  ].join("\n");
}

/** One line per place the organization's policy overrode the repository's file, for a plan or a reply. */
export function describePolicyNote(note: PolicyNote): string {
  switch (note.rule) {
    case "ceiling":
      return `The organization's policy (\`${note.file}\`) caps \`rollback.allowedRoles\`: ${roleList(note.ignored)} from this repository's configuration ${note.ignored.length === 1 ? "is" : "are"} ignored; allowed here: ${note.allowed.length > 0 ? roleList(note.allowed) : "no role (nobody can run `/rollback` in this repository)"}.`;
    case "floor":
      return `The organization's policy (\`${note.file}\`) requires \`rollback.confirm: true\`; this repository's \`confirm: false\` is ignored, so every rollback is planned first and runs only on \`--confirm\`.`;
  }
}

function roleList(roles: readonly string[]): string {
  return roles.map((role) => `\`${role}\``).join(", ");
}

/** Appended to the config-problem issue when Anvil closes it. */
export function renderConfigProblemResolved(scope: ConfigProblem["scope"]): string {
  return scope === "organization"
    ? "✅ The organization's configuration is valid again; Anvil is active in its repositories."
    : "✅ The configuration is valid again; Anvil is active in this repository.";
}
