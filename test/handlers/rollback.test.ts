import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rollbackStateSchema, type RollbackState } from "../../src/rollback/plan.js";
import { examplePayload } from "../helpers/fixtures.js";
import { newWorld, R, release, serve, SHA, type World } from "../helpers/rollback-world.js";
import { createTestProbot, markersFor, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";

const markers = markersFor();

type Json = Record<string, unknown>;

let probot: Probot;
beforeEach(() => {
  setupNock();
  probot = createTestProbot();
});
afterEach(() => {
  nock.cleanAll(); // the fake GitHub is persisted: not every route is used by every test
  teardownNock();
});

let commentId = 1000;
function comment(body: string, login = "Codertocat", type = "User"): Json {
  const payload = examplePayload<Json>("issue_comment", "created");
  return { ...payload, comment: { ...(payload.comment as Json), id: ++commentId, body, user: { login, type } }, sender: { login, type } };
}
const say = (body: string, login?: string, type?: string) => probot.receive({ id: `d${commentId}`, name: "issue_comment", payload: comment(body, login, type) as never });
const writes = () => sentWrites().map((w) => `${w.method} ${w.path}`);
const stateOf = (world: World): RollbackState | undefined => {
  const last = [...world.comments].reverse().find((c) => markers.find(String(c.body), "rollback"));
  return last ? rollbackStateSchema.parse(markers.find(String(last.body), "rollback")) : undefined;
};

describe("/rollback: plan", () => {
  it("plans without changing anything: one reaction and one plan comment", async () => {
    const world = newWorld();
    serve(world);
    await say("The build is broken.\n/rollback v0.1.0 --reason \"installer crashes\"");
    expect(writes()).toEqual([`POST ${R}/issues/comments/${commentId}/reactions`, `POST ${R}/issues/1/comments`]);
    const body = String(world.comments[0]?.body);
    expect(body).toContain("Rollback plan for `v0.1.0`");
    expect(body).toContain("(id 3)");
    expect(body).toContain(SHA);
    expect(body).toContain("`v0.0.9`");
    expect(body).toContain("**critical** (default");
    expect(body).toContain("hello-v0.1.0-wheelhouse.tar.gz");
    expect(body).toContain("/rollback v0.1.0 --confirm");
    expect(world.releases).toHaveLength(3);
    expect(world.tagSha).toBe(SHA);
    expect(stateOf(world)?.plan.steps).toEqual(["record", "delete-release", "delete-tag", "announce", "pin", "advisory", "retag-check", "incident"]);
  });

  it("treats 0.1.0 and v0.1.0 as the same release", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback 0.1.0");
    expect(stateOf(world)?.plan.tag).toBe("v0.1.0");
  });

  it("a missing tag gets a polite reply and no reaction", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v9.9.9");
    expect(writes()).toEqual([`POST ${R}/issues/comments/${commentId}/reactions`, `POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toContain("found no release for `v9.9.9`");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
  });

  it("a redelivered command is handled once", async () => {
    const world = newWorld();
    serve(world);
    const payload = comment("/rollback v0.1.0");
    await probot.receive({ id: "same", name: "issue_comment", payload: payload as never });
    await probot.receive({ id: "same", name: "issue_comment", payload: payload as never });
    expect(world.comments).toHaveLength(1);
  });
});

describe("/rollback: who may run it", () => {
  it.each(["write", "triage", "read", "none"])("refuses role %s politely and changes nothing", async (role) => {
    const world = newWorld();
    world.role.mallory = role;
    serve(world);
    await say("/rollback v0.1.0 --confirm", "mallory");
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toMatch(/needs the `admin` or `maintain` role.*yours is `(write|triage|read|none)`/s);
    expect(sent.some((s) => s.path.includes("/releases"))).toBe(false);
  });

  it("refuses a user who is not a collaborator at all (404)", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0", "stranger");
    expect(String(world.comments[0]?.body)).toContain("yours is `none`");
  });

  it("honours configured roles", async () => {
    const world = newWorld();
    world.role.wendy = "write";
    serve(world, "rollback:\n  allowedRoles: [write]\n");
    await say("/rollback v0.1.0", "wendy");
    expect(String(world.comments[0]?.body)).toContain("Rollback plan");
  });

  it("ignores bots and commands in code, quotes and inline code without a single request", async () => {
    await say("/rollback v0.1.0", "dependabot[bot]", "Bot");
    await say("```\n/rollback v0.1.0\n```");
    await say("> /rollback v0.1.0");
    await say("`/rollback v0.1.0`");
    expect(sent).toEqual([]);
  });

  it("answers help and malformed commands without checking anything", async () => {
    const world = newWorld();
    serve(world);
    await say("/anvil help");
    await say("/rollback ../../etc/passwd");
    expect(writes()).toEqual([`POST ${R}/issues/1/comments`, `POST ${R}/issues/1/comments`]);
    expect(String(world.comments[0]?.body)).toContain("Who may run it");
    expect(String(world.comments[1]?.body)).toContain("is not a release tag");
    expect(sent.some((s) => s.path.includes("permission"))).toBe(false);
  });
});

describe("/rollback: confirm", () => {
  it("executes the plan (the default, critical): record, delete release and tag, announce and pin, draft advisory, incident; one status comment", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    sent.length = 0;
    await say("/rollback v0.1.0 --confirm");
    expect(world.comments).toHaveLength(1);
    const state = stateOf(world);
    expect(state?.phase).toBe("done");
    expect(Object.values(state?.outcomes ?? {}).map((o) => o.status)).toEqual(["done", "done", "done", "done", "done", "done", "done", "done"]);
    expect(world.releases.map((r) => r.tag_name)).toEqual(["v0.0.9", "v0.0.8"]);
    expect(world.tagSha).toBeUndefined();
    expect(sent.find((s) => s.method === "DELETE" && s.path.includes("git/refs"))?.path).toBe(`${R}/git/refs/tags/v0.1.0`);
    const [incident, announcement] = [world.issues.find((i) => String(i.title).startsWith("Incident")), world.issues.find((i) => String(i.title).includes("revoked"))];
    expect(announcement?.title).toBe("[SECURITY] v0.1.0 has been revoked: use v0.0.9");
    expect(String(announcement?.body)).toContain('pip install "hello==0.0.9"');
    expect(world.pinned.map((p) => p.number)).toEqual([announcement?.number]);
    expect(String(incident?.body)).toContain("- [x] Release `v0.1.0` deleted");
    expect(String(incident?.body)).toContain("- [ ] Identify root cause");
    expect(String(incident?.body)).toContain("Notes with - [ ] a box");
    expect(String(incident?.body)).toContain("still holds version 0.1.0");
    expect(world.advisories).toHaveLength(1);
    const reactions = sent.filter((s) => s.path.endsWith("/reactions")).map((s) => (s.body as Json).content);
    expect(reactions).toEqual(["eyes", "rocket"]);
    // The incident issue is re-read once, right before Anvil updates its own parts (issue 9, item 6).
    expect(sent.filter((s) => s.method === "GET" && /\/issues\/\d+$/.test(s.path))).toHaveLength(1);
  });

  it("critical severity drafts a private advisory that the announcement never links", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(world.advisories).toHaveLength(1);
    const draft = sent.find((s) => s.method === "POST" && s.path.endsWith("/security-advisories"))?.body as Json;
    expect(draft).toMatchObject({ severity: "critical", vulnerabilities: [{ package: { ecosystem: "pip", name: "hello" }, vulnerable_version_range: "= 0.1.0" }] });
    expect(draft).not.toHaveProperty("cvss_vector_string");
    const announcement = world.issues.find((i) => String(i.title).includes("revoked"));
    expect(String(announcement?.title)).toMatch(/^\[SECURITY\]/);
    expect(String(announcement?.body)).not.toMatch(/GHSA|advisor/i);
  });

  it("without a plan, --confirm only plans", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("planned");
    expect(String(world.comments[0]?.body)).toContain("There was no recent plan");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
  });

  it("an expired plan is replaced by a fresh one, nothing executed", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    const old = world.comments[0] as Json;
    const planned = rollbackStateSchema.parse(markers.find(String(old.body), "rollback"));
    // Anvil's own clock moved on: the plan is re-signed as Anvil would have written it in 2020.
    old.body = markers.upsert(String(old.body), "rollback", { ...planned, plan: { ...planned.plan, createdAt: "2020-01-01T00:00:00.000Z" } });
    await say("/rollback v0.1.0 --confirm");
    expect(world.comments).toHaveLength(2);
    expect(String(world.comments[1]?.body)).toContain("The earlier plan expired");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
  });

  it("stops when the tag moved since the plan", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    world.tagSha = "f".repeat(40);
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("aborted");
    expect(String(world.comments[0]?.body)).toContain(`now points to \`${"f".repeat(40)}\``);
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
    expect(world.issues).toEqual([]);
  });

  it("an immutable release is revoked in place: no deletion, latest moved to the good version", async () => {
    const world = newWorld();
    world.releases[0] = release(3, "v0.1.0", { immutable: true });
    serve(world);
    await say("/rollback v0.1.0");
    await say("/rollback v0.1.0 --confirm");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
    expect(String(world.releases[0]?.name)).toMatch(/^\[REVOKED\]/);
    expect(sent.find((s) => s.method === "PATCH" && s.path.endsWith("/releases/3"))?.body).toMatchObject({ make_latest: "false" });
    expect(sent.find((s) => s.method === "PATCH" && s.path.endsWith("/releases/3"))?.body).not.toHaveProperty("prerelease"); // immutable: title and notes only
    // make-latest reads the Latest release first and moves it only when it is not the good one already
    expect(stateOf(world)?.outcomes["make-latest"]).toMatchObject({ status: "done", detail: "`v0.0.9` is Latest" });
    const latest = world.releases.find((r) => r.make_latest === "true") ?? world.releases.find((r) => !r.prerelease && r.make_latest !== "false");
    expect(latest?.tag_name).toBe("v0.0.9");
  });

  it("with three human pins, does not unpin anyone and says so", async () => {
    const world = newWorld();
    world.pinned = [1, 2, 3].map((n) => ({ id: `H${n}`, number: n, author: "Codertocat", body: "human" }));
    serve(world);
    await say("/rollback v0.1.0");
    await say("/rollback v0.1.0 --confirm");
    expect(world.pinned.map((p) => p.id)).toEqual(["H1", "H2", "H3"]);
    expect(stateOf(world)?.outcomes.pin).toMatchObject({ status: "skipped" });
    expect(String(world.comments[0]?.body)).toContain("never unpins a human's pin");
  });

  it("with confirmation turned off, the first command executes", async () => {
    const world = newWorld();
    serve(world, "rollback:\n  confirm: false\n");
    await say("/rollback v0.1.0");
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.tagSha).toBeUndefined();
    // The plan made by this delivery read the tag; it is not read again before deleting it.
    expect(sent.filter((s) => s.method === "GET" && s.path.includes("/git/ref/tags/"))).toHaveLength(1);
  });

  it("--dry-run never executes, even with confirmation off", async () => {
    const world = newWorld();
    serve(world, "rollback:\n  confirm: false\n");
    await say("/rollback v0.1.0 --dry-run --confirm");
    expect(stateOf(world)?.phase).toBe("planned");
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
  });
});

describe("/rollback: a failing step, then resume", () => {
  it.each(["record", "delete-release", "delete-tag", "announce", "pin", "advisory", "incident"])(
    "failure at %s stops the run; the same --confirm resumes with no duplicates",
    async (step) => {
      const world = newWorld();
      serve(world);
      await say("/rollback v0.1.0 --severity critical");
      world.fail[step] = 1;
      await say("/rollback v0.1.0 --confirm");
      const failed = stateOf(world);
      expect(failed?.phase).toBe("failed");
      expect(failed?.outcomes[step]).toMatchObject({ status: "failed" });
      expect(String(world.comments[0]?.body)).toContain("❌");
      expect(sent.filter((s) => s.path.endsWith("/reactions")).map((s) => (s.body as Json).content)).toContain("confused");

      await say("/rollback v0.1.0 --confirm");
      expect(stateOf(world)?.phase).toBe("done");
      expect(world.comments).toHaveLength(1);
      expect(world.issues.filter((i) => String(i.title).startsWith("Incident"))).toHaveLength(1);
      expect(world.issues.filter((i) => String(i.title).includes("has been revoked"))).toHaveLength(1);
      expect(world.advisories).toHaveLength(1);
      expect(world.pinned).toHaveLength(1);
      expect(sent.filter((s) => s.method === "POST" && s.path === `${R}/issues`)).toHaveLength(step === "record" || step === "announce" ? 3 : 2);
    },
  );
});

describe("/rollback: a plan nobody can redirect (issue 9)", () => {
  const deletes = () => sent.filter((s) => s.method === "DELETE");
  const replies = (world: World) => world.comments.slice(1).map((c) => String(c.body));

  it("an edited plan marker (release id changed) makes --confirm refuse in one reply, change nothing, and stay quiet on redelivery", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    const plan = world.comments[0] as Json;
    plan.body = String(plan.body).replace('"releaseId":3', '"releaseId":2');
    const confirm = comment("/rollback v0.1.0 --confirm");
    await probot.receive({ id: "c1", name: "issue_comment", payload: confirm as never });
    await probot.receive({ id: "c1", name: "issue_comment", payload: confirm as never });
    expect(deletes()).toEqual([]);
    expect(world.issues).toEqual([]);
    expect(replies(world)).toHaveLength(1);
    expect(replies(world)[0]).toContain("was edited after I wrote it");
    expect(world.releases).toHaveLength(3);
  });

  it("an edit of the plan's text alone (the table shows another release) also refuses", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    const plan = world.comments[0] as Json;
    plan.body = String(plan.body).replace("(id 3)", "(id 2)");
    await say("/rollback v0.1.0 --confirm");
    expect(deletes()).toEqual([]);
    expect(replies(world)[0]).toContain("was edited after I wrote it");
  });

  it("after a refusal, a fresh plan can be made and confirmed", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    (world.comments[0] as Json).body = String((world.comments[0] as Json).body).replace("(id 3)", "(id 2)");
    await say("/rollback v0.1.0 --confirm");
    await say("/rollback v0.1.0");
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.releases.map((r) => r.id)).toEqual([2, 1]);
  });

  it.each([
    ["an inline HTML comment", "Looks fine <!-- \n/rollback v0.1.0 --confirm\n -->"],
    ["an inline HTML comment on one line", "ok <!-- /rollback v0.1.0 --confirm -->"],
    ["a details block", "<details>\n\n/rollback v0.1.0 --confirm\n\n</details>"],
    ["a link", "[/rollback v0.1.0 --confirm](https://example.com)"],
    ["a span", "<span hidden>\n/rollback v0.1.0 --confirm\n</span>"],
  ])("a --confirm hidden in %s sends no request at all", async (_where, body) => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    sent.length = 0;
    await say(body);
    expect(sent).toEqual([]);
    expect(stateOf(world)?.phase).toBe("planned");
  });
});

describe("/rollback: --confirm runs the plan that was shown (issue 9)", () => {
  it("--severity critical --confirm on a low plan re-plans, names the difference, runs nothing; a plain --confirm then runs the critical plan", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity low");
    await say("/rollback v0.1.0 --severity critical --confirm");
    expect(sent.filter((s) => s.method === "DELETE")).toEqual([]);
    expect(world.comments).toHaveLength(2);
    expect(String(world.comments[1]?.body)).toContain("`--severity`: the plan has “low”, the confirmation asks for “critical”");
    expect(stateOf(world)?.plan.severity).toBe("critical");
    expect(stateOf(world)?.phase).toBe("planned");

    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.advisories).toHaveLength(1);
  });

  it("other flags on a rollback that already started are refused, naming them", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    world.fail["delete-tag"] = 1;
    await say("/rollback v0.1.0 --confirm");
    await say('/rollback v0.1.0 --reason "something else" --confirm');
    expect(String(world.comments[1]?.body)).toContain("won't change a rollback that has already started");
    expect(String(world.comments[1]?.body)).toContain("“something else”");
    expect(stateOf(world)?.phase).toBe("failed");
  });
});

describe("/rollback: no noise (issue 9)", () => {
  it("help, malformed commands and refusals are not repeated on redelivery", async () => {
    const world = newWorld();
    world.role.walt = "write";
    serve(world);
    for (const [body, login] of [["/anvil help", "Codertocat"], ["/rollback ../x", "Codertocat"], ["/rollback v0.1.0", "walt"], ["/rollback v9.9.9", "Codertocat"]] as const) {
      const payload = comment(body, login);
      await probot.receive({ id: `r-${body}`, name: "issue_comment", payload: payload as never });
      await probot.receive({ id: `r-${body}`, name: "issue_comment", payload: payload as never });
    }
    expect(world.comments).toHaveLength(4);
  });

  it("someone who may not run /rollback gets one reply per issue per hour, however often they ask", async () => {
    const world = newWorld();
    world.role.walt = "write";
    world.role.mallory = "read";
    serve(world);
    await say("/rollback v0.1.0", "walt");
    await say("/rollback v0.1.0 --confirm", "walt");
    await say("/rollback v0.0.9", "walt");
    await say("/rollback v0.1.0", "mallory");
    expect(world.comments.map((c) => String(c.body).match(/Sorry @(\w+)/)?.[1])).toEqual(["walt", "mallory"]);
  });

  it("a configuration problem is answered once per command", async () => {
    const world = newWorld();
    serve(world, "rollback: [not, a, map]\n");
    const payload = comment("/rollback v0.1.0");
    await probot.receive({ id: "cfg", name: "issue_comment", payload: payload as never });
    await probot.receive({ id: "cfg", name: "issue_comment", payload: payload as never });
    expect(world.comments).toHaveLength(1);
    expect(String(world.comments[0]?.body)).toContain("configuration");
  });
});

describe("/rollback: failures after the plan reach the status comment (issue 9)", () => {
  it("a failed tag check shows ❌ with the reason; the plan stays confirmable and the next --confirm runs it", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    world.fail["tag-read"] = 1;
    await say("/rollback v0.1.0 --confirm");
    expect(String(world.comments[0]?.body)).toContain("❌ Checking that the tag still points to the planned commit failed: HTTP 502");
    expect(stateOf(world)?.phase).toBe("planned");
    expect(sent.filter((s) => s.method === "DELETE")).toEqual([]);
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(String(world.comments[0]?.body)).not.toContain("❌");
  });

  it("a status comment that cannot be saved stops the run with ❌ and the same --confirm resumes without duplicates", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    world.fail.status = 1;
    await say("/rollback v0.1.0 --confirm");
    expect(String(world.comments[0]?.body)).toContain("❌ Saving this status comment failed: HTTP 502");
    expect(world.releases).toHaveLength(3);
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.issues).toHaveLength(2);
  });
});

describe("/rollback: redelivery after a crash (issue 13 semantics)", () => {
  it("a redelivered --confirm resumes a run left `running`, duplicating nothing; when done or failed it changes nothing", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    world.fail["delete-tag"] = 1;
    const confirm = comment("/rollback v0.1.0 --confirm");
    await probot.receive({ id: "x1", name: "issue_comment", payload: confirm as never });
    expect(stateOf(world)?.phase).toBe("failed");

    // failed: a redelivery changes nothing (a new --confirm is needed)
    sent.length = 0;
    await probot.receive({ id: "x1", name: "issue_comment", payload: confirm as never });
    expect(sentWrites()).toEqual([]);

    // As if the process had died mid-saga after deleting the release: the marker says running.
    const status = world.comments[0] as Json;
    const state = stateOf(world) as RollbackState;
    delete state.outcomes["delete-tag"];
    status.body = markers.upsert(String(status.body), "rollback", { ...state, phase: "running" });
    await probot.receive({ id: "x1", name: "issue_comment", payload: confirm as never });
    expect(stateOf(world)?.phase).toBe("done");
    expect(world.tagSha).toBeUndefined();
    expect(world.issues.filter((i) => String(i.title).startsWith("Incident"))).toHaveLength(1);
    expect(world.issues.filter((i) => String(i.title).includes("has been revoked"))).toHaveLength(1);
    expect(world.advisories).toHaveLength(1);

    sent.length = 0;
    await probot.receive({ id: "x1", name: "issue_comment", payload: confirm as never });
    expect(sentWrites()).toEqual([]);
  });
});

describe("/rollback: a draft advisory stays private (issue 9)", () => {
  it("its id and URL appear in no public text: status comment, incident, announcement", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(world.advisories).toHaveLength(1);
    const publicTexts = [...world.comments.map((c) => String(c.body)), ...world.issues.map((i) => `${String(i.title)}\n${String(i.body)}`)];
    for (const text of publicTexts) {
      expect(text).not.toContain("GHSA-");
      expect(text).not.toContain("https://x/adv");
    }
    expect(String(world.comments[0]?.body)).toContain("a draft security advisory (Security → Advisories)");
  });
});

describe("/rollback: Anvil's advisory is known by its signed marker (issue 11)", () => {
  it("a privately reported advisory carrying an unsigned or forged marker for the tag is not taken for Anvil's: Anvil drafts its own", async () => {
    const world = newWorld();
    const genuine = markersFor().encode("advisory", { tag: "v0.1.0" });
    world.advisories.push(
      { ghsa_id: "GHSA-repo-rted-0001", html_url: "https://x/report", description: "<!-- anvil:advisory v0.1.0 -->\nreported by someone", state: "triage" },
      { ghsa_id: "GHSA-repo-rted-0002", html_url: "https://x/report2", description: `${genuine.replace(/[0-9a-f]{32} -->/, `${"0".repeat(32)} -->`)}\nforged`, state: "triage" },
    );
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    await say("/rollback v0.1.0 --confirm");
    expect(world.advisories).toHaveLength(3);
    const drafted = String(world.advisories[2]?.description);
    expect(markersFor().find(drafted, "advisory")).toEqual({ tag: "v0.1.0" });
  });
});

describe("/rollback: human work in the incident survives (issue 9)", () => {
  it("a resumed run updates only Anvil's parts of the incident: a human's tick and note made meanwhile stay", async () => {
    const world = newWorld();
    serve(world);
    await say("/rollback v0.1.0");
    world.fail.incident = 1;
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("failed");
    const incident = world.issues.find((i) => String(i.title).startsWith("Incident")) as Json;
    incident.body = String(incident.body).replace("- [ ] Identify root cause", "- [x] Identify root cause") + "\n\nNote from maya: the installer bug is in setup.py.";
    await say("/rollback v0.1.0 --confirm");
    expect(stateOf(world)?.phase).toBe("done");
    const body = String(incident.body);
    expect(body).toContain("- [x] Identify root cause");
    expect(body).toContain("Note from maya: the installer bug is in setup.py.");
    expect(body).toContain("- [x] Release `v0.1.0` deleted");
    expect(body.match(/### Immediate actions/g)).toHaveLength(1);
  });
});

describe("/rollback: the plan names the package it will use (issue 9)", () => {
  it("prefers the root pyproject over a docs site's package.json, and shows file, ecosystem and name", async () => {
    const world = newWorld();
    world.files["package.json"] = '{ "name": "hello-docs", "version": "2.0.0", "private": true }';
    serve(world);
    await say("/rollback v0.1.0 --severity critical");
    expect(String(world.comments[0]?.body)).toContain("| Package | `hello` (pip, from `pyproject.toml`)");
    expect(stateOf(world)?.plan.manifest).toEqual({ file: "pyproject.toml", ecosystem: "pip", name: "hello" });
    await say("/rollback v0.1.0 --confirm");
    const draft = sent.find((s) => s.method === "POST" && s.path.endsWith("/security-advisories"))?.body as Json;
    expect(draft).toMatchObject({ vulnerabilities: [{ package: { ecosystem: "pip", name: "hello" } }] });
  });

  it("the configured rollback.versionFile is the one shown and used", async () => {
    const world = newWorld();
    world.files["packages/core/package.json"] = '{ "name": "@hello/core", "version": "0.1.0" }';
    serve(world, "rollback:\n  versionFile: packages/core/package.json\n");
    await say("/rollback v0.1.0");
    expect(String(world.comments[0]?.body)).toContain("| Package | `@\u200bhello/core` (npm, from `packages/core/package.json`)");
  });
});
