import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishRelease, type RepoState, type Simulator } from "../../simulator/index.js";
import { startClient, type Client } from "./helpers.js";

/** Releases, Latest and make_latest as GitHub has them (issue 11: revoke in place, make the last known good Latest). */

let client: Client;
let sim: Simulator;
let repo: RepoState;
/** Violations a test provoked on purpose; any other fails the test. */
let provoked: RegExp[] = [];

beforeEach(async () => {
  provoked = [];
  client = await startClient({ repos: [{ owner: "acme", repo: "widgets", releases: [{ tag: "v0.0.9" }, { tag: "v0.1.0" }] }] });
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  expect(sim.violations().filter((violation) => !provoked.some((pattern) => pattern.test(violation)))).toEqual([]);
  expect(sim.responseGaps()).toEqual([]);
  await sim.close();
});

interface ReleaseJson {
  id: number;
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  body: string;
  published_at: string | null;
}

const json = async <T>(response: Response) => (await response.json()) as T;
const latestTag = async () => {
  const response = await client.api("/repos/acme/widgets/releases/latest");
  return response.status === 200 ? (await json<ReleaseJson>(response)).tag_name : response.status;
};
const create = (body: Record<string, unknown>) => client.api("/repos/acme/widgets/releases", { method: "POST", body });
const update = (id: number, body: Record<string, unknown>) => client.api(`/repos/acme/widgets/releases/${id}`, { method: "PATCH", body });
const idOf = (tag: string) => repo.releases.find((release) => release.tag_name === tag)!.id;
const LATEST_IMPOSSIBLE = { message: "Validation Failed", errors: [{ resource: "Release", code: "custom", message: "Latest release cannot be draft or prerelease." }] };

describe("GET /releases/latest", () => {
  it("without any make_latest, the newest full release by creation date (the legacy rule)", async () => {
    expect(await latestTag()).toBe("v0.1.0");
  });

  it("404 when there is no release, or only drafts and pre-releases", async () => {
    sim.addRepo({ owner: "acme", repo: "empty" });
    expect((await client.api("/repos/acme/empty/releases/latest")).status).toBe(404);
    sim.addRepo({ owner: "acme", repo: "early", releases: [{ tag: "v1.0.0-rc.1", prerelease: true }, { tag: "v1.0.0", draft: true }] });
    expect((await client.api("/repos/acme/early/releases/latest")).status).toBe(404);
  });

  it("is not mistaken for a release id", async () => {
    const response = await client.api("/repos/acme/widgets/releases/latest");
    expect(response.status).toBe(200);
    expect(sim.requests()[0]).toMatchObject({ operationId: "repos/get-latest-release" });
  });
});

describe("make_latest on create", () => {
  it("a new full release becomes Latest by default, also with a lower version", async () => {
    expect((await create({ tag_name: "v0.2.0" })).status).toBe(201);
    expect(await latestTag()).toBe("v0.2.0");
    expect((await create({ tag_name: "v0.1.1" })).status).toBe(201);
    expect(await latestTag()).toBe("v0.1.1");
  });

  it('"false" leaves Latest where it was, even when the new release is the newest', async () => {
    expect((await create({ tag_name: "v0.2.0", make_latest: "false" })).status).toBe(201);
    expect(await latestTag()).toBe("v0.1.0");
  });

  it('"legacy" goes back to the newest by creation date', async () => {
    await create({ tag_name: "v0.2.0" });
    await create({ tag_name: "v0.1.1", make_latest: "false" });
    expect(await latestTag()).toBe("v0.2.0");
    await create({ tag_name: "v0.1.2", make_latest: "legacy" });
    expect(await latestTag()).toBe("v0.1.2");
  });

  it("a pre-release or a draft never becomes Latest; asking for it explicitly is GitHub's 422", async () => {
    expect((await create({ tag_name: "v0.2.0-rc.1", prerelease: true })).status).toBe(201);
    expect((await create({ tag_name: "v0.2.0", draft: true })).status).toBe(201);
    expect(await latestTag()).toBe("v0.1.0");

    const refused = await create({ tag_name: "v0.3.0-rc.1", prerelease: true, make_latest: "true" });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject(LATEST_IMPOSSIBLE);
    expect((await create({ tag_name: "v0.3.0", draft: true, make_latest: "true" })).status).toBe(422);
    expect(repo.releases.map((release) => release.tag_name)).toEqual(["v0.0.9", "v0.1.0", "v0.2.0-rc.1", "v0.2.0"]);
  });

  it("a release on an existing tag name is 422 already_exists", async () => {
    const response = await create({ tag_name: "v0.1.0" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ errors: [{ resource: "Release", code: "already_exists", field: "tag_name" }] });
  });

  it("creates the tag on the target (default branch head), except for a draft, which has no tag until published", async () => {
    const created = await json<ReleaseJson>(await create({ tag_name: "v0.2.0", name: "Widgets 0.2.0", body: "notes" }));
    expect(created).toMatchObject({ tag_name: "v0.2.0", draft: false, prerelease: false, body: "notes" });
    expect(repo.tags.get("v0.2.0")).toBe(repo.headSha);

    const draft = await json<ReleaseJson>(await create({ tag_name: "v0.3.0", draft: true }));
    expect(draft.published_at).toBeNull();
    expect(repo.tags.has("v0.3.0")).toBe(false);
    expect((await client.api("/repos/acme/widgets/releases/tags/v0.3.0")).status).toBe(404);
    expect((await client.api(`/repos/acme/widgets/releases/${draft.id}`)).status).toBe(200);

    const published = await json<ReleaseJson>(await update(draft.id, { draft: false }));
    expect(published.draft).toBe(false);
    expect(published.published_at).not.toBeNull();
    expect(repo.tags.get("v0.3.0")).toBe(repo.headSha);
    expect(await latestTag()).toBe("v0.3.0");
  });

  it("an unknown target_commitish is 422", async () => {
    const response = await create({ tag_name: "v0.2.0", target_commitish: "no-such-branch" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ errors: [{ resource: "Release", code: "invalid", field: "target_commitish" }] });
  });

  it("a release published outside Anvil (publishRelease) moves Latest like a default create", async () => {
    publishRelease(repo, { tag: "v0.2.0" });
    expect(await latestTag()).toBe("v0.2.0");
    publishRelease(repo, { tag: "v0.3.0-rc.1", prerelease: true });
    publishRelease(repo, { tag: "v0.2.1", makeLatest: "false" });
    expect(await latestTag()).toBe("v0.2.0");
  });
});

describe("PATCH a release: revoke in place (issue 11, severity high)", () => {
  it("demote the latest to a pre-release with a banner, make the last known good Latest", async () => {
    const demoted = await json<ReleaseJson>(await update(idOf("v0.1.0"), { prerelease: true, body: "> [!CAUTION]\n> Use v0.0.9.\n\nnotes" }));
    expect(demoted).toMatchObject({ tag_name: "v0.1.0", prerelease: true, body: "> [!CAUTION]\n> Use v0.0.9.\n\nnotes" });
    expect(await latestTag()).toBe("v0.0.9");
    expect((await update(idOf("v0.0.9"), { make_latest: "true" })).status).toBe(200);
    expect(await latestTag()).toBe("v0.0.9");
    // The demoted release and its tag are still there.
    expect((await client.api("/repos/acme/widgets/releases/tags/v0.1.0")).status).toBe(200);
    expect(repo.tags.has("v0.1.0")).toBe(true);
  });

  it("a newer full release made Latest stays Latest when an older one is promoted back from pre-release", async () => {
    await update(idOf("v0.1.0"), { prerelease: true });
    await create({ tag_name: "v0.1.1" });
    await update(idOf("v0.1.0"), { prerelease: false });
    expect(await latestTag()).toBe("v0.1.1");
  });

  it("make_latest with prerelease in one PATCH is refused whole: nothing changes", async () => {
    const response = await update(idOf("v0.1.0"), { prerelease: true, make_latest: "true", body: "changed" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject(LATEST_IMPOSSIBLE);
    expect(repo.releases.find((release) => release.tag_name === "v0.1.0")).toMatchObject({ prerelease: false, body: "" });
  });

  it("make_latest on a pre-release is refused; un-marking it first then works", async () => {
    await update(idOf("v0.1.0"), { prerelease: true });
    expect((await update(idOf("v0.1.0"), { make_latest: "true" })).status).toBe(422);
    expect(await latestTag()).toBe("v0.0.9");
    expect((await update(idOf("v0.1.0"), { prerelease: false, make_latest: "true" })).status).toBe(200);
    expect(await latestTag()).toBe("v0.1.0");
  });

  it('"false" on the Latest release hands Latest to the next one', async () => {
    await update(idOf("v0.1.0"), { make_latest: "true" });
    await update(idOf("v0.1.0"), { make_latest: "false" });
    expect(await latestTag()).toBe("v0.0.9");
  });

  it("deleting the Latest release falls back to the legacy rule", async () => {
    await update(idOf("v0.0.9"), { make_latest: "true" });
    expect(await latestTag()).toBe("v0.0.9");
    expect((await client.api(`/repos/acme/widgets/releases/${idOf("v0.0.9")}`, { method: "DELETE" })).status).toBe(204);
    expect(await latestTag()).toBe("v0.1.0");
  });

  it("body and name edits leave everything else alone; an immutable release's notes stay editable", async () => {
    sim.addRepo({ owner: "acme", repo: "locked", releases: [{ tag: "v1.0.0", immutable: true }] });
    const locked = sim.repo("acme", "locked");
    const response = await client.api(`/repos/acme/locked/releases/${locked.releases[0]!.id}`, { method: "PATCH", body: { body: "known issue", name: "v1.0.0 (known issue)" } });
    expect(await json<ReleaseJson>(response)).toMatchObject({ body: "known issue", prerelease: false, draft: false });
    expect(locked.releases[0]).toMatchObject({ name: "v1.0.0 (known issue)", immutable: true });
  });

  it("a repository with immutable releases makes new published releases immutable", async () => {
    sim.addRepo({ owner: "acme", repo: "locked", immutableReleases: true });
    const created = await client.api("/repos/acme/locked/releases", { method: "POST", body: { tag_name: "v1.0.0" } });
    expect(await created.json()).toMatchObject({ immutable: true });
    expect((await client.api("/repos/acme/locked/git/refs/tags/v1.0.0", { method: "DELETE" })).status).toBe(422);
  });
});

describe("release requests GitHub would refuse", () => {
  it("make_latest must be one of the strings true / false / legacy", async () => {
    expect((await create({ tag_name: "v0.2.0", make_latest: true })).status).toBe(422);
    expect(sim.violations()).toEqual([expect.stringMatching(/repos\/create-release: request body \/make_latest must be string/)]);
    provoked = [/make_latest must be string/];
  });
});

describe("immutable releases burn their tag name", () => {
  it("after deleting an immutable release, neither a release nor a tag may take its name again", async () => {
    sim.addRepo({ owner: "acme", repo: "locked", releases: [{ tag: "v1.0.0", immutable: true }] });
    const locked = sim.repo("acme", "locked");
    expect((await client.api(`/repos/acme/locked/releases/${locked.releases[0]!.id}`, { method: "DELETE" })).status).toBe(204);
    expect(locked.tags.has("v1.0.0")).toBe(true); // the tag stays; deleting it is a step of its own
    expect((await client.api("/repos/acme/locked/git/refs/tags/v1.0.0", { method: "DELETE" })).status).toBe(204);
    const again = await client.api("/repos/acme/locked/releases", { method: "POST", body: { tag_name: "v1.0.0" } });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ errors: [{ resource: "Release", field: "tag_name" }] });
    expect((await client.api("/repos/acme/locked/git/refs", { method: "POST", body: { ref: "refs/tags/v1.0.0", sha: locked.headSha } })).status).toBe(422);
    expect(locked.releases).toEqual([]);
    expect(locked.tags.has("v1.0.0")).toBe(false);
  });
});
