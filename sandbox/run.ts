// `npm run sandbox`: Anvil against a simulated GitHub, no account needed. See docs/simulator.md.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { settle, startApp } from "../harness/app-process.js";
import { payloads } from "../harness/webhook-payloads.js";
import { startSimulator } from "../simulator/index.js";
import { playStory, storySeed, STORY_REPO } from "./story.js";
import { heading, renderComment, renderIssue } from "./transcript.js";

const { values: options } = parseArgs({
  options: {
    keep: { type: "boolean", default: false },
    logs: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (options.help) {
  console.log(`npm run sandbox [-- --keep] [-- --logs]

Starts a simulated GitHub and Anvil's real server, plays a release story (push, checklist, ticks,
release v0.1.0, bug report, /rollback plan and confirm) and prints what Anvil did.

  --keep   after the story, keep both running and read comments from the terminal
           ("maya: /rollback v0.0.9", "walt: /anvil help"), posted on the bug report
  --logs   print Anvil's own log lines as well
Exit status: 0 when every expectation of the story held.`);
  process.exit(0);
}

const print = (text: string) => console.log(text);
const sim = await startSimulator({ repos: [] });
const repo = sim.addRepo(storySeed());
const app = await startApp({ simulator: sim, env: { LOG_LEVEL: options.logs ? "info" : "warn" } });
if (options.logs) app.process.stdout?.on("data", (chunk: Buffer) => process.stdout.write(`    [anvil] ${chunk.toString()}`));
print(`Simulated GitHub at ${sim.url} · Anvil at ${app.url} (started in ${Math.round(app.startupMs)} ms)`);
print(`Repository ${STORY_REPO.owner}/${STORY_REPO.repo}; collaborators: maya (maintain), alice (admin), walt (write).`);

let exitCode: number;
try {
  const outcome = await playStory(sim, app, repo, print);
  const failed = outcome.checks.filter((check) => !check.ok);
  print(heading(failed.length === 0 ? `The story completed: ${outcome.checks.length} expectations held` : `${failed.length} of ${outcome.checks.length} expectations failed`));
  for (const check of failed) print(`  ✘ ${check.what}`);
  exitCode = failed.length === 0 ? 0 : 1;

  if (options.keep && outcome.bugReport) {
    const bugReport = outcome.bugReport;
    print(`\nKeeping the simulator and Anvil running. Type "<login>: <comment>" to comment on #${bugReport.number} as that user`);
    print(`(maya maintains, alice is admin, walt has write), "issues" to list issues, or "quit".`);
    const events = payloads(sim, repo);
    const input = createInterface({ input: process.stdin, output: process.stdout });
    for await (const line of input) {
      const text = line.trim();
      if (text === "quit" || text === "exit") break;
      if (text === "issues") {
        for (const issue of repo.issues.values()) print(`  #${issue.number} ${issue.title} (${issue.state}${issue.pinned ? ", pinned" : ""})`);
        continue;
      }
      const match = /^([\w-]+(?:\[bot\])?):\s*([\s\S]+)$/.exec(text);
      if (!match) {
        print('  Type "<login>: <comment>", "issues" or "quit".');
        continue;
      }
      const seenComments = bugReport.comments.length + 1; // the command itself is not news
      const seenIssues = new Set(repo.issues.keys());
      const response = await app.sendWebhook("issue_comment", events.comment(bugReport.number, match[2] ?? "", match[1] ?? ""));
      print(`  → webhook issue_comment answered ${response.status}`);
      await settle(sim, 3200);
      for (const comment of bugReport.comments.slice(seenComments)) print(renderComment(comment));
      for (const issue of repo.issues.values()) if (!seenIssues.has(issue.number)) print(renderIssue(issue));
    }
    input.close();
  }
} finally {
  await app.stop();
  await sim.close();
}
process.exit(exitCode);
