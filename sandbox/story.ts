import { eventually, settle as settleSimulator, type RunningApp } from "../harness/app-process.js";
import { payloads, tick } from "../harness/webhook-payloads.js";
import { openIssue, publishRelease, type Issue, type RepoState, type Simulator } from "../simulator/index.js";
import { heading, renderCheckRun, renderComment, renderIssue, renderRepository, renderRequests } from "./transcript.js";

export const STORY_REPO = { owner: "acme", repo: "widgets" } as const;

/** The repository the story starts from: a Python project with one earlier release. */
export function storySeed() {
  return {
    ...STORY_REPO,
    collaborators: { maya: "maintain", alice: "admin", walt: "write" },
    files: { "pyproject.toml": '[project]\nname = "widgets"\nversion = "0.1.0"\n' },
    releases: [{ tag: "v0.0.9", name: "Widgets v0.0.9", body: "Bug fixes." }],
  };
}

export interface StoryOutcome {
  checks: Array<{ what: string; ok: boolean }>;
  bugReport?: Issue;
}

const WAIT_MS = 90_000;
const anvilComments = (issue: Issue | undefined, botLogin: string) => issue?.comments.filter((comment) => comment.user.login === botLogin) ?? [];

/** Quiet long enough that no throttled write (3 s apart at most) can still be pending. */
const QUIET_MS = 3200;
const settle = (sim: Simulator) => settleSimulator(sim, QUIET_MS, WAIT_MS);

/** Push → checklist → ticks → release → bug report → /rollback plan → confirm → the fix ships, printed as it happens. */
export async function playStory(sim: Simulator, app: RunningApp, repo: RepoState, print: (text: string) => void): Promise<StoryOutcome> {
  const events = payloads(sim, repo);
  const bot = sim.app.botLogin;
  const checks: StoryOutcome["checks"] = [];
  const check = (what: string, ok: boolean) => {
    checks.push({ what, ok });
    print(`  ${ok ? "✔" : "✘"} ${what}`);
  };
  const waitFor = async (what: string, condition: () => boolean) => {
    try {
      await eventually(() => {
        if (!condition()) throw new Error(what);
      }, WAIT_MS);
      check(what, true);
    } catch {
      check(`${what} (gave up after ${WAIT_MS / 1000} s)`, false);
    }
  };
  const issueTitled = (pattern: RegExp) => [...repo.issues.values()].find((issue) => pattern.test(issue.title));
  const send = async (event: string, payload: unknown) => {
    const response = await app.sendWebhook(event, payload);
    print(`  → webhook ${event} answered ${response.status}`);
  };

  print(heading("1. alice pushes to main"));
  await send("push", events.push({ after: repo.headSha, message: "feat: add the installer", sender: "alice" }));
  await waitFor("a pre-release checklist issue is open", () => issueTitled(/^Pre-release checklist/) !== undefined);
  await settle(sim);
  const checklist = issueTitled(/^Pre-release checklist/);
  if (checklist) print(renderIssue(checklist));
  for (const run of repo.checkRuns) print(renderCheckRun(run));

  if (checklist) {
    print(heading("2. maya ticks the first half of the boxes, alice the rest"));
    const before = checklist.body;
    let ticked = 0;
    checklist.body = tick(before, () => ticked++ < 6);
    await send("issues", events.issueEdited(checklist.number, before, "maya"));
    await settle(sim);
    for (const run of repo.checkRuns) print(renderCheckRun(run));
    const half = checklist.body;
    checklist.body = tick(half);
    await send("issues", events.issueEdited(checklist.number, half, "alice"));
    await waitFor("the checklist closes when every box is ticked", () => checklist.state === "closed");
    await settle(sim);
    print(renderIssue(checklist));
    for (const run of repo.checkRuns) print(renderCheckRun(run));
    check('the "Release checklist" check run succeeded', repo.checkRuns.at(-1)?.conclusion === "success");
  }

  print(heading("3. CI publishes release v0.1.0"));
  publishRelease(repo, { tag: "v0.1.0", name: "Widgets v0.1.0", body: "New installer.", assets: [{ name: "widgets-0.1.0-py3-none-any.whl", size: 18_432, digest: "sha256:5f2b…" }] });
  await send("release", events.releasePublished("v0.1.0"));
  await waitFor("a release checklist for v0.1.0 is open", () => issueTitled(/v0\.1\.0/) !== undefined);
  await settle(sim);
  const releaseChecklist = issueTitled(/^Release checklist for v0\.1\.0/);
  if (releaseChecklist) print(renderIssue(releaseChecklist));

  print(heading("4. a user reports a bad bug"));
  const bugReport = openIssue(repo, { title: "Installer deletes ~/.config on 0.1.0", body: "After `pip install widgets==0.1.0` my config directory was gone.", author: "reporter" });
  print(renderIssue(bugReport));

  print(heading("5. maya: /rollback v0.1.0 --severity critical"));
  await send("issue_comment", events.comment(bugReport.number, '/rollback v0.1.0 --severity critical --reason "the installer can delete user files"', "maya"));
  await waitFor("Anvil answers with a plan and changes nothing", () => anvilComments(bugReport, bot).some((comment) => comment.body.includes("Rollback plan for")));
  await settle(sim);
  for (const comment of bugReport.comments) print(renderComment(comment));
  check("the release and tag are still there after the plan", repo.releases.some((release) => release.tag_name === "v0.1.0") && repo.tags.has("v0.1.0"));

  print(heading("6. walt (write role) tries to confirm"));
  await send("issue_comment", events.comment(bugReport.number, "/rollback v0.1.0 --confirm", "walt"));
  await waitFor("walt is told which role is needed", () => anvilComments(bugReport, bot).some((comment) => comment.body.includes("needs the")));
  await settle(sim);
  check("nothing was revoked", repo.tags.has("v0.1.0"));

  print(heading("7. maya: /rollback v0.1.0 --confirm"));
  await send("issue_comment", events.comment(bugReport.number, "/rollback v0.1.0 --confirm", "maya"));
  await waitFor("the rollback completes", () => anvilComments(bugReport, bot).some((comment) => comment.body.includes("Rollback of `v0.1.0` complete")));
  await settle(sim);
  for (const comment of bugReport.comments) print(renderComment(comment));

  print(heading("What GitHub looks like now"));
  print(renderRepository(repo));
  const announcement = issueTitled(/has been revoked/);
  const incident = issueTitled(/^Incident/);
  if (announcement) print(renderIssue(announcement));
  if (incident) print(renderIssue(incident));
  check("release v0.1.0 and its tag are gone", !repo.releases.some((release) => release.tag_name === "v0.1.0") && !repo.tags.has("v0.1.0"));
  check("an announcement pinned to v0.0.9 is open", announcement?.pinned === true && announcement.title.includes("v0.0.9"));
  check("an incident issue tracks the rest of the procedure", incident !== undefined);
  check("a draft security advisory waits for the fix", repo.advisories.length === 1 && repo.advisories[0]?.state === "draft");
  check("no request broke GitHub's API description", sim.violations().length === 0);
  for (const violation of sim.violations()) print(`    ${violation}`);

  print(heading("8. The fix ships: CI publishes release v0.1.1"));
  publishRelease(repo, { tag: "v0.1.1", name: "Widgets v0.1.1", body: "Fixes the installer." });
  await send("release", events.releasePublished("v0.1.1"));
  await send("release", events.releaseReleased("v0.1.1")); // GitHub's event for a full release: it resolves the rollback
  await waitFor("the announcement says v0.1.1 resolves it, and is unpinned and closed", () => {
    const resolved = issueTitled(/has been revoked/);
    return resolved?.body.includes("Resolved in v0.1.1") === true && resolved.state === "closed" && !resolved.pinned;
  });
  await waitFor("the draft advisory names 0.1.1 as the patched version", () => repo.advisories[0]?.vulnerabilities?.[0]?.patched_versions === "0.1.1");
  await waitFor("the incident lists what is left (post-mortem, process improvements)", () => issueTitled(/^Incident/)?.comments.some((comment) => comment.body.includes("is resolved in v0.1.1")) === true);
  await settle(sim);
  const resolvedAnnouncement = issueTitled(/has been revoked/);
  const resolvedIncident = issueTitled(/^Incident/);
  if (resolvedAnnouncement) print(renderIssue(resolvedAnnouncement));
  for (const comment of resolvedIncident?.comments ?? []) print(renderComment(comment));
  check("still no request broke GitHub's API description", sim.violations().length === 0);

  print(heading("GitHub requests Anvil made during the story"));
  print(renderRequests(sim.requests()));
  return { checks, bugReport };
}
