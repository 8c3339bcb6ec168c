import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openIssue, startSimulator, type RepoState, type Simulator } from "../../simulator/index.js";
import { FAKE_JWT, WIDGETS, installationToken, parseLink, startClient, type Client } from "./helpers.js";

let client: Client;
let sim: Simulator;
let repo: RepoState;

beforeEach(async () => {
  client = await startClient();
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  await sim.close();
});

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;

describe("authentication", () => {
  it("hands out an installation token only for the app's installation, and only with a JWT", async () => {
    const withJwt = await fetch(`${sim.url}/api/v3/app/installations/${sim.app.installationId}/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${FAKE_JWT}` } });
    expect(withJwt.status).toBe(201);
    const issued = await json<{ token: string; expires_at: string }>(withJwt);
    expect(issued.token).toMatch(/^ghs_/);
    expect(Date.parse(issued.expires_at)).toBeGreaterThan(Date.now());

    const otherInstallation = await fetch(`${sim.url}/api/v3/app/installations/999/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${FAKE_JWT}` } });
    expect(otherInstallation.status).toBe(404);

    const withoutJwt = await fetch(`${sim.url}/api/v3/app/installations/${sim.app.installationId}/access_tokens`, { method: "POST", headers: { authorization: `token ${client.token}` } });
    expect(withoutJwt.status).toBe(401);
  });

  it("401 for repository requests without a token or with an unknown one", async () => {
    const anonymous = await client.api("/repos/acme/widgets", { token: null });
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toEqual({ message: "Bad credentials" });
    expect((await client.api("/repos/acme/widgets", { token: "ghs_not_issued" })).status).toBe(401);
    expect((await client.api("/repos/acme/widgets", { token: FAKE_JWT })).status).toBe(401);
    expect((await client.api("/repos/acme/widgets")).status).toBe(200);
  });

  it("GET /app needs the JWT and names the app", async () => {
    expect((await client.api("/app")).status).toBe(401);
    const response = await fetch(`${sim.url}/api/v3/app`, { headers: { authorization: `Bearer ${FAKE_JWT}` } });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ id: sim.app.id, slug: "anvil" });
  });

  it("every token issued stays valid, and each is different", async () => {
    const second = await installationToken(sim);
    expect(second).not.toBe(client.token);
    expect((await client.api("/repos/acme/widgets", { token: second })).status).toBe(200);
    expect((await client.api("/repos/acme/widgets")).status).toBe(200);
  });

  it("answers with GitHub's rate-limit headers", async () => {
    const response = await client.api("/repos/acme/widgets");
    expect(response.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});

describe("pagination", () => {
  it("per_page=1 over three issues: Link headers with next/last, then first/prev, then none onward", async () => {
    const page1 = await client.api("/repos/acme/widgets/issues?per_page=1");
    expect(page1.status).toBe(200);
    const links1 = parseLink(page1.headers.get("link"));
    expect(Object.keys(links1).sort()).toEqual(["last", "next"]);
    expect(links1.next).toBe(`${sim.url}/api/v3/repos/acme/widgets/issues?per_page=1&page=2`);
    expect(new URL(links1.last!).searchParams.get("page")).toBe("3");
    expect((await json<Array<{ number: number }>>(page1)).map((issue) => issue.number)).toEqual([3]);

    const page2 = await fetch(links1.next!, { headers: { authorization: `token ${client.token}` } });
    const links2 = parseLink(page2.headers.get("link"));
    expect(Object.keys(links2).sort()).toEqual(["first", "last", "next", "prev"]);
    expect(new URL(links2.prev!).searchParams.get("page")).toBe("1");
    expect(new URL(links2.next!).searchParams.get("page")).toBe("3");
    expect((await json<Array<{ number: number }>>(page2)).map((issue) => issue.number)).toEqual([2]);

    const page3 = await fetch(links2.next!, { headers: { authorization: `token ${client.token}` } });
    const links3 = parseLink(page3.headers.get("link"));
    expect(links3.next).toBeUndefined();
    expect(links3.last).toBeUndefined();
    expect(new URL(links3.prev!).searchParams.get("page")).toBe("2");
    expect((await json<Array<{ number: number }>>(page3)).map((issue) => issue.number)).toEqual([1]);
  });

  it("Link URLs keep the other query parameters, so following them keeps filtering", async () => {
    openIssue(repo, { title: "four", author: "octocat" });
    const first = await client.api("/repos/acme/widgets/issues?state=all&direction=asc&per_page=2");
    const next = parseLink(first.headers.get("link")).next!;
    const params = new URL(next).searchParams;
    expect(params.get("state")).toBe("all");
    expect(params.get("direction")).toBe("asc");
    expect(params.get("per_page")).toBe("2");
    expect(params.get("page")).toBe("2");
    const numbers = [...(await json<Array<{ number: number }>>(first)), ...(await json<Array<{ number: number }>>(await fetch(next, { headers: { authorization: `token ${client.token}` } })))].map((issue) => issue.number);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(sim.violations()).toEqual([]);
  });

  it("no Link header when everything fits on one page", async () => {
    const response = await client.api("/repos/acme/widgets/issues");
    expect(response.headers.get("link")).toBeNull();
    expect(await json<unknown[]>(response)).toHaveLength(3);
  });

  it("paginates releases and issue comments as well", async () => {
    const releases = await client.api("/repos/acme/widgets/releases?per_page=1");
    expect(await json<unknown[]>(releases)).toHaveLength(1);
    expect(parseLink(releases.headers.get("link")).last).toBe(`${sim.url}/api/v3/repos/acme/widgets/releases?per_page=1&page=2`);

    for (const body of ["a", "b", "c"]) expect((await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body } })).status).toBe(201);
    const comments = await client.api("/repos/acme/widgets/issues/1/comments?per_page=2&page=2");
    expect((await json<Array<{ body: string }>>(comments)).map((comment) => comment.body)).toEqual(["c"]);
    expect(Object.keys(parseLink(comments.headers.get("link"))).sort()).toEqual(["first", "prev"]);
  });

  it("issue filters: state, creator and labels", async () => {
    expect((await client.api("/repos/acme/widgets/issues/3", { method: "PATCH", body: { state: "closed" } })).status).toBe(200);
    const open = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues"));
    expect(open.map((issue) => issue.number)).toEqual([2, 1]);
    const closed = await json<Array<{ number: number; state_reason: string }>>(await client.api("/repos/acme/widgets/issues?state=closed"));
    expect(closed).toMatchObject([{ number: 3, state_reason: "completed" }]);
    const labelled = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues?labels=bug&state=all"));
    expect(labelled.map((issue) => issue.number)).toEqual([2]);
    expect(await json<unknown[]>(await client.api("/repos/acme/widgets/issues?creator=anvil%5Bbot%5D"))).toEqual([]);
  });
});

describe("deleted releases and refs", () => {
  it("a deleted release is 404 by tag, by id and in the list; its tag stays", async () => {
    const release = repo.releases.find((candidate) => candidate.tag_name === "v0.0.9")!;
    expect((await client.api("/repos/acme/widgets/releases/tags/v0.0.9")).status).toBe(200);
    const deleted = await client.api(`/repos/acme/widgets/releases/${release.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");

    const byTag = await client.api("/repos/acme/widgets/releases/tags/v0.0.9");
    expect(byTag.status).toBe(404);
    expect(await json(byTag)).toMatchObject({ message: "Not Found" });
    expect((await client.api(`/repos/acme/widgets/releases/${release.id}`, { method: "PATCH", body: { name: "again" } })).status).toBe(404);
    expect((await client.api(`/repos/acme/widgets/releases/${release.id}`, { method: "DELETE" })).status).toBe(404);
    const listed = await json<Array<{ tag_name: string }>>(await client.api("/repos/acme/widgets/releases"));
    expect(listed.map((candidate) => candidate.tag_name)).toEqual(["v0.1.0"]);

    // GitHub keeps the tag when a release is deleted.
    expect((await client.api("/repos/acme/widgets/git/ref/tags/v0.0.9")).status).toBe(200);
    expect(sim.violations()).toEqual([]);
  });

  it("a deleted tag ref is 404 to get, 422 to delete again, and no longer resolves as a commit", async () => {
    const ref = await client.api("/repos/acme/widgets/git/ref/tags/v0.0.9");
    expect(ref.status).toBe(200);
    const body = await json<{ ref: string; object: { sha: string; type: string } }>(ref);
    expect(body.ref).toBe("refs/tags/v0.0.9");
    expect(body.object.sha).toBe(repo.tags.get("v0.0.9"));

    expect((await client.api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" })).status).toBe(204);
    expect(repo.tags.has("v0.0.9")).toBe(false);
    expect((await client.api("/repos/acme/widgets/git/ref/tags/v0.0.9")).status).toBe(404);
    const again = await client.api("/repos/acme/widgets/git/refs/tags/v0.0.9", { method: "DELETE" });
    expect(again.status).toBe(422);
    expect(await json(again)).toMatchObject({ message: "Reference does not exist" });
    expect((await client.api("/repos/acme/widgets/commits/v0.0.9")).status).toBe(422);
    expect(sim.requests({ method: "DELETE" }).map((request) => [request.path, request.status])).toEqual([
      ["/repos/acme/widgets/git/refs/tags/v0.0.9", 204],
      ["/repos/acme/widgets/git/refs/tags/v0.0.9", 422],
    ]);
  });

  it("the tag of an immutable release cannot be deleted", async () => {
    const response = await client.api("/repos/acme/widgets/git/refs/tags/v0.1.0", { method: "DELETE" });
    expect(response.status).toBe(422);
    expect(repo.tags.has("v0.1.0")).toBe(true);
    expect((await client.api("/repos/acme/widgets/git/ref/tags/v0.1.0")).status).toBe(200);
  });

  it("the default branch resolves as a ref and as a commit", async () => {
    const ref = await json<{ object: { sha: string } }>(await client.api("/repos/acme/widgets/git/ref/heads/main"));
    expect(ref.object.sha).toBe(repo.headSha);
    const commit = await json<{ sha: string }>(await client.api("/repos/acme/widgets/commits/main"));
    expect(commit.sha).toBe(repo.headSha);
    expect((await client.api("/repos/acme/widgets/git/ref/heads/nope")).status).toBe(404);
  });
});

describe("labels", () => {
  it("creating a label twice is a 422 already_exists", async () => {
    const created = await client.api("/repos/acme/widgets/labels", { method: "POST", body: { name: "incident", color: "b60205", description: "Rollback incident" } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ name: "incident", color: "b60205", description: "Rollback incident" });

    const duplicate = await client.api("/repos/acme/widgets/labels", { method: "POST", body: { name: "incident", color: "000000" } });
    expect(duplicate.status).toBe(422);
    const error = await json<{ message: string; errors: Array<{ resource: string; code: string; field: string }> }>(duplicate);
    expect(error.message).toBe("Validation Failed");
    expect(error.errors).toEqual([{ resource: "Label", code: "already_exists", field: "name" }]);
    expect(repo.labels.get("incident")?.color).toBe("b60205");
  });

  it("a label an issue was created with exists afterwards, so creating it is a 422", async () => {
    expect((await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "t", labels: ["release-checklist"] } })).status).toBe(201);
    expect((await client.api("/repos/acme/widgets/labels", { method: "POST", body: { name: "release-checklist" } })).status).toBe(422);
  });
});

describe("collaborator permission", () => {
  it.each([
    ["ada", "admin", "admin"],
    ["maya", "write", "maintain"],
    ["walt", "write", "write"],
    ["tess", "read", "triage"],
    ["rita", "read", "read"],
  ])("%s has permission %s and role_name %s", async (login, permission, roleName) => {
    const response = await client.api(`/repos/acme/widgets/collaborators/${login}/permission`);
    expect(response.status).toBe(200);
    const body = await json<{ permission: string; role_name: string; user: { login: string } }>(response);
    expect(body).toMatchObject({ permission, role_name: roleName });
    expect(body.user.login).toBe(login);
  });

  it("someone who is not a collaborator has none; an unknown user is 404", async () => {
    expect(await json(await client.api("/repos/acme/widgets/collaborators/stranger/permission"))).toMatchObject({ permission: "none", role_name: "none" });
    expect((await client.api("/repos/acme/widgets/collaborators/ghost-user/permission")).status).toBe(404);
  });
});

describe("authorship", () => {
  it("issues and comments the app creates are authored by anvil[bot], via the app", async () => {
    const created = await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "Pre-release checklist", body: "- [ ] a" } });
    expect(created.status).toBe(201);
    const issue = await json<{ number: number; user: { login: string; type: string }; performed_via_github_app: { slug: string } | null }>(created);
    expect(issue.number).toBe(4);
    expect(issue.user).toMatchObject({ login: "anvil[bot]", type: "Bot" });
    expect(issue.performed_via_github_app?.slug).toBe("anvil");
    expect(repo.issues.get(4)?.user.login).toBe(sim.app.botLogin);

    const fetched = await json<{ user: { login: string } }>(await client.api("/repos/acme/widgets/issues/4"));
    expect(fetched.user.login).toBe("anvil[bot]");
    const comment = await json<{ user: { login: string; type: string } }>(await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body: "hi" } }));
    expect(comment.user).toMatchObject({ login: "anvil[bot]", type: "Bot" });

    const mine = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues?creator=anvil%5Bbot%5D"));
    expect(mine.map((candidate) => candidate.number)).toEqual([4]);
  });

  it("issues humans opened are theirs, not the app's", async () => {
    const seeded = await json<{ user: { login: string; type: string }; performed_via_github_app: unknown }>(await client.api("/repos/acme/widgets/issues/1"));
    expect(seeded.user).toMatchObject({ login: "octocat", type: "User" });
    expect(seeded.performed_via_github_app).toBeNull();
  });

  it("the bot is named after the app's slug", async () => {
    const other = await startClient({ app: { slug: "release-o-matic", installationId: 7 }, repos: [{ owner: "acme", repo: "gadgets" }] });
    try {
      expect(other.sim.app.botLogin).toBe("release-o-matic[bot]");
      const issue = await json<{ user: { login: string } }>(await other.api("/repos/acme/gadgets/issues", { method: "POST", body: { title: "x" } }));
      expect(issue.user.login).toBe("release-o-matic[bot]");
    } finally {
      await other.sim.close();
    }
  });
});

describe("contents", () => {
  const raw = { accept: "application/vnd.github.raw" };

  it("serves a file raw with an ETag, then 304 Not Modified on If-None-Match", async () => {
    const first = await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: raw });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("application/vnd.github.raw");
    expect(await first.text()).toBe("enabled: true\n");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);

    const second = await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { ...raw, "if-none-match": etag! } });
    expect(second.status).toBe(304);
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.text()).toBe("");
    expect(sim.requests({ path: "/repos/acme/widgets/contents/.github/anvil.yml" }).map((request) => request.status)).toEqual([200, 304]);
  });

  it("a changed file answers 200 with a new ETag to the old one", async () => {
    const etag = (await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: raw })).headers.get("etag")!;
    repo.files.set(".github/anvil.yml", "enabled: false\n");
    const changed = await client.api("/repos/acme/widgets/contents/.github%2Fanvil.yml", { headers: { ...raw, "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.text()).toBe("enabled: false\n");
  });

  it("without the raw media type it answers JSON with base64 content; slashes may be unencoded", async () => {
    const response = await client.api("/repos/acme/widgets/contents/docs/guide/intro.md");
    expect(response.status).toBe(200);
    const body = await json<{ type: string; encoding: string; content: string; path: string; name: string }>(response);
    expect(body).toMatchObject({ type: "file", encoding: "base64", path: "docs/guide/intro.md", name: "intro.md" });
    expect(Buffer.from(body.content, "base64").toString("utf8")).toBe("# Intro\n");
  });

  it("a missing file is 404", async () => {
    expect((await client.api("/repos/acme/widgets/contents/.github%2Fmissing.yml", { headers: raw })).status).toBe(404);
    expect((await client.api("/repos/acme/nothing-here/contents/README.md", { headers: raw })).status).toBe(404);
  });
});

describe("issues, comments, reactions, check runs, advisories", () => {
  it("updates an issue's title, body, labels and state; reopening sets state_reason", async () => {
    const updated = await json<{ title: string; body: string; labels: Array<{ name: string }>; state: string; closed_at: string | null }>(
      await client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { title: "uno", body: "new", labels: ["x"], state: "closed", state_reason: "not_planned" } }),
    );
    expect(updated).toMatchObject({ title: "uno", body: "new", state: "closed" });
    expect(updated.labels.map((label) => label.name)).toEqual(["x"]);
    expect(updated.closed_at).not.toBeNull();
    expect(repo.issues.get(1)?.state_reason).toBe("not_planned");
    const reopened = await json<{ state: string; state_reason: string; closed_at: null }>(await client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { state: "open" } }));
    expect(reopened).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    expect((await client.api("/repos/acme/widgets/issues/99")).status).toBe(404);
  });

  it("a reaction is 201 the first time and 200 when it already exists", async () => {
    const comment = await json<{ id: number; body: string }>(await client.api("/repos/acme/widgets/issues/2/comments", { method: "POST", body: { body: "/rollback v0.1.0" } }));
    expect((await client.api(`/repos/acme/widgets/issues/comments/${comment.id}/reactions`, { method: "POST", body: { content: "eyes" } })).status).toBe(201);
    expect((await client.api(`/repos/acme/widgets/issues/comments/${comment.id}/reactions`, { method: "POST", body: { content: "eyes" } })).status).toBe(200);
    const edited = await json<{ body: string }>(await client.api(`/repos/acme/widgets/issues/comments/${comment.id}`, { method: "PATCH", body: { body: "edited" } }));
    expect(edited.body).toBe("edited");
    expect(repo.issues.get(2)?.comments[0]?.reactions).toEqual([{ content: "eyes", user: "anvil[bot]" }]);
  });

  it("check runs: create, complete, list for the commit", async () => {
    const created = await json<{ id: number; status: string; conclusion: null }>(
      await client.api("/repos/acme/widgets/check-runs", { method: "POST", body: { name: "Release checklist", head_sha: repo.headSha, status: "in_progress" } }),
    );
    expect(created).toMatchObject({ status: "in_progress", conclusion: null });
    const done = await json<{ status: string; conclusion: string }>(await client.api(`/repos/acme/widgets/check-runs/${created.id}`, { method: "PATCH", body: { conclusion: "success" } }));
    expect(done).toMatchObject({ status: "completed", conclusion: "success" });
    const listed = await json<{ total_count: number; check_runs: Array<{ id: number }> }>(await client.api(`/repos/acme/widgets/commits/${repo.headSha}/check-runs?check_name=Release%20checklist`));
    expect(listed.total_count).toBe(1);
    expect(listed.check_runs[0]?.id).toBe(created.id);
  });

  it("advisories are drafts; a seed can forbid them (403) or make them unavailable (404)", async () => {
    const advisory = await client.api("/repos/acme/widgets/security-advisories", {
      method: "POST",
      body: { summary: "v0.1.0 rolled back", description: "details", severity: "critical", vulnerabilities: [] },
    });
    expect(advisory.status).toBe(201);
    expect(await json(advisory)).toMatchObject({ state: "draft", severity: "critical" });
    expect(await json<unknown[]>(await client.api("/repos/acme/widgets/security-advisories"))).toHaveLength(1);

    sim.addRepo({ owner: "acme", repo: "locked", advisories: "forbidden" });
    sim.addRepo({ owner: "acme", repo: "gone", advisories: "unavailable" });
    expect((await client.api("/repos/acme/locked/security-advisories")).status).toBe(403);
    expect((await client.api("/repos/acme/gone/security-advisories")).status).toBe(404);
    expect(sim.violations()).toEqual([]);
  });

  it("repositories are case-insensitive and unknown ones are 404", async () => {
    expect(await json(await client.api("/repos/ACME/Widgets"))).toMatchObject({ full_name: "acme/widgets", default_branch: "main" });
    expect((await client.api("/repos/acme/unknown")).status).toBe(404);
  });
});

describe("startSimulator", () => {
  it("listens on the requested port and can be closed", async () => {
    const probe = await startSimulator({ repos: [WIDGETS] });
    const port = Number(probe.host.split(":")[1]);
    await probe.close();
    const fixed = await startSimulator({ repos: [] }, { port });
    try {
      expect(fixed.host).toBe(`127.0.0.1:${port}`);
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect(() => fixed.repo("acme", "widgets")).toThrow(/no repository acme\/widgets/);
    } finally {
      await fixed.close();
    }
  });
});

describe("labels on an issue, one comment", () => {
  it("adds labels (creating missing ones) and answers every label of the issue; removing answers those left, 404 when absent", async () => {
    const added = await client.api("/repos/acme/widgets/issues/2/labels", { method: "POST", body: { labels: ["anvil:overdue"] } });
    expect(added.status).toBe(200);
    expect((await json<Array<{ name: string }>>(added)).map((label) => label.name)).toEqual(["bug", "anvil:overdue"]);
    expect(repo.labels.has("anvil:overdue")).toBe(true);
    const again = await client.api("/repos/acme/widgets/issues/2/labels", { method: "POST", body: { labels: ["anvil:overdue"] } });
    expect((await json<unknown[]>(again)).length).toBe(2);

    const removed = await client.api("/repos/acme/widgets/issues/2/labels/anvil%3Aoverdue", { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect((await json<Array<{ name: string }>>(removed)).map((label) => label.name)).toEqual(["bug"]);
    expect((await client.api("/repos/acme/widgets/issues/2/labels/anvil%3Aoverdue", { method: "DELETE" })).status).toBe(404);
    expect(repo.issues.get(2)?.labels).toEqual(["bug"]);
    expect(sim.violations()).toEqual([]);
  });

  it("gets one comment by id; 404 for an unknown one", async () => {
    const created = await json<{ id: number }>(await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body: "hello" } }));
    const read = await client.api(`/repos/acme/widgets/issues/comments/${created.id}`);
    expect(await json(read)).toMatchObject({ id: created.id, body: "hello", user: { login: "anvil[bot]" } });
    expect((await client.api("/repos/acme/widgets/issues/comments/1")).status).toBe(404);
    expect(sim.violations()).toEqual([]);
  });
});

describe("issue list order", () => {
  it("sort=updated puts the most recently updated first; sort=comments by comment count", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body: "bump" } })).status).toBe(201);
    const updated = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues?sort=updated"));
    expect(updated.map((issue) => issue.number)).toEqual([1, 3, 2]);
    const comments = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues?sort=comments&direction=desc"));
    expect(comments[0]?.number).toBe(1);
    const created = await json<Array<{ number: number }>>(await client.api("/repos/acme/widgets/issues?sort=created&direction=asc"));
    expect(created.map((issue) => issue.number)).toEqual([1, 2, 3]);
  });
});
