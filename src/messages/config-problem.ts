import type { ConfigProblem } from "../config/resolve-config.js";

export function describeConfigProblem(problem: ConfigProblem): string {
  return `\`${problem.file}\`${problem.key ? ` (key \`${problem.key}\`)` : ""}: ${problem.message}`;
}

export function renderConfigProblemIssue(problem: ConfigProblem): { title: string; body: string } {
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

export function renderConfigProblemReply(problem: ConfigProblem): string {
  return [
    "Sorry, I can't run this command: the Anvil configuration for this repository is invalid, so I am not acting on it.",
    "",
    `**Problem:** ${describeConfigProblem(problem)}`,
    "",
    "Nothing was changed. Fix the file on the default branch and try again.",
  ].join("\n");
}
