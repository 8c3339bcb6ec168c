import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RepoState, Simulator } from "../../simulator/index.js";
import { parseLink, startClient, type Client } from "./helpers.js";

/** Repository security advisories as GitHub has them (issue 11: patched_versions on resolution, publish, close). */

let client: Client;
let sim: Simulator;
let repo: RepoState;
let provoked: RegExp[] = [];

const VULNERABILITY = { package: { ecosystem: "pip", name: "widgets" }, vulnerable_version_range: "= 0.1.0", patched_versions: null, vulnerable_functions: [] };

beforeEach(async () => {
  provoked = [];
  client = await startClient({
    repos: [
      {
        owner: "acme",
        repo: "widgets",
        securityAdvisories: [
          { summary: "first", severity: "low" },
          { summary: "second", severity: "medium", state: "published" },
          { summary: "third", severity: "high", state: "closed" },
          { summary: "fourth", severity: "critical" },
          { summary: "fifth", severity: "critical", vulnerabilities: [VULNERABILITY] },
        ],
      },
    ],
  });
  sim = client.sim;
  repo = sim.repo("acme", "widgets");
});
afterEach(async () => {
  expect(sim.violations().filter((violation) => !provoked.some((pattern) => pattern.test(violation)))).toEqual([]);
  expect(sim.responseGaps()).toEqual([]);
  await sim.close();
});

interface AdvisoryJson {
  ghsa_id: string;
  summary: string;
  state: string;
  published_at: string | null;
  closed_at: string | null;
  vulnerabilities: Array<{ package: { ecosystem: string; name: string | null }; patched_versions: string | null; vulnerable_version_range: string | null }>;
}

const json = async <T>(response: Response) => (await response.json()) as T;
const ghsa = (summary: string) => repo.advisories.find((advisory) => advisory.summary === summary)!.ghsa_id;
const patch = (id: string, body: Record<string, unknown>) => client.api(`/repos/acme/widgets/security-advisories/${id}`, { method: "PATCH", body });

describe("PATCH /security-advisories/{ghsa_id}", () => {
  it("sets patched_versions by replacing the vulnerabilities list, as GitHub does", async () => {
    const response = await patch(ghsa("fifth"), { vulnerabilities: [{ ...VULNERABILITY, patched_versions: "0.1.1" }] });
    expect(response.status).toBe(200);
    const advisory = await json<AdvisoryJson>(response);
    expect(advisory.vulnerabilities).toEqual([{ ...VULNERABILITY, patched_versions: "0.1.1" }]);
    expect(advisory.state).toBe("draft");
    const read = await json<AdvisoryJson>(await client.api(`/repos/acme/widgets/security-advisories/${ghsa("fifth")}`));
    expect(read.vulnerabilities[0]?.patched_versions).toBe("0.1.1");
  });

  it("an empty vulnerabilities list is refused: an advisory must name a product", async () => {
    const response = await patch(ghsa("fifth"), { vulnerabilities: [] });
    expect(response.status).toBe(422);
    expect(await json<{ message: string }>(response)).toMatchObject({ message: "Advisory must have at least one vulnerability" });
    expect(repo.advisories[4]?.vulnerabilities).toHaveLength(1);
  });

  it("publishes a draft (published_at set), and a published advisory cannot go back", async () => {
    const published = await json<AdvisoryJson>(await patch(ghsa("fifth"), { state: "published" }));
    expect(published.state).toBe("published");
    expect(published.published_at).not.toBeNull();
    for (const state of ["draft", "closed"]) {
      const response = await patch(ghsa("fifth"), { state });
      expect(response.status).toBe(422);
      expect(await json<{ message: string }>(response)).toMatchObject({ message: `Invalid state transition from \`published\` to \`${state}\`.` });
    }
    expect(repo.advisories[4]?.state).toBe("published");
  });

  it("closes a draft and reopens it as a draft; a closed advisory cannot be published directly", async () => {
    const closed = await json<AdvisoryJson>(await patch(ghsa("fourth"), { state: "closed" }));
    expect(closed.state).toBe("closed");
    expect(closed.closed_at).not.toBeNull();
    expect((await patch(ghsa("fourth"), { state: "published" })).status).toBe(422);
    const reopened = await json<AdvisoryJson>(await patch(ghsa("fourth"), { state: "draft" }));
    expect(reopened).toMatchObject({ state: "draft", closed_at: null });
  });

  it("the same state again is no change, not an error", async () => {
    expect((await patch(ghsa("second"), { state: "published" })).status).toBe(200);
  });

  it("severity cannot be set while a CVSS vector is set", async () => {
    expect((await patch(ghsa("fourth"), { cvss_vector_string: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", severity: null })).status).toBe(200);
    const response = await patch(ghsa("fourth"), { severity: "low" });
    expect(response.status).toBe(422);
    expect(await json<{ message: string }>(response)).toMatchObject({ message: "Cannot update severity value when CVSS is set." });
  });

  it("404 for an unknown advisory; 403 / 404 when the app may not see advisories", async () => {
    expect((await patch("GHSA-xxxx-xxxx-xxxx", { state: "closed" })).status).toBe(404);
    sim.addRepo({ owner: "acme", repo: "locked", advisories: "forbidden" });
    sim.addRepo({ owner: "acme", repo: "gone", advisories: "unavailable" });
    expect((await client.api("/repos/acme/locked/security-advisories/GHSA-xxxx-xxxx-xxxx", { method: "PATCH", body: { state: "closed" } })).status).toBe(403);
    expect((await client.api("/repos/acme/gone/security-advisories/GHSA-xxxx-xxxx-xxxx")).status).toBe(404);
  });

  it("fields the description does not know, or a state it does not list, are violations", async () => {
    provoked = [/update-repository-advisory/];
    expect((await patch(ghsa("fourth"), { state: "withdrawn" })).status).toBe(422);
    expect((await patch(ghsa("fourth"), { patched_versions: "0.1.1" })).status).toBe(422);
    expect((await patch(ghsa("fourth"), { vulnerabilities: [{ package: { name: "widgets" } }] })).status).toBe(422);
    expect(sim.violations()).toEqual([
      expect.stringMatching(/\/state must be equal to one of the allowed values/),
      expect.stringMatching(/must NOT have additional properties/),
      expect.stringMatching(/\/vulnerabilities\/0\/package must have required property 'ecosystem'/),
    ]);
    expect(repo.advisories[3]).toMatchObject({ state: "draft" });
  });
});

describe("listing advisories", () => {
  it("cursor pagination: per_page with Link rel=next carrying `after`, newest first, no page numbers", async () => {
    const first = await client.api("/repos/acme/widgets/security-advisories?per_page=2");
    const links = parseLink(first.headers.get("link"));
    expect(Object.keys(links)).toEqual(["next"]);
    expect(new URL(links.next!).searchParams.get("after")).toMatch(/^Y3Vyc29yOnYy/);
    const summaries = (await json<AdvisoryJson[]>(first)).map((advisory) => advisory.summary);
    let next: string | undefined = links.next;
    while (next) {
      const page: Response = await fetch(next, { headers: { authorization: `token ${client.token}` } });
      summaries.push(...(await json<AdvisoryJson[]>(page)).map((advisory) => advisory.summary));
      next = parseLink(page.headers.get("link")).next;
    }
    expect(summaries).toEqual(["fifth", "fourth", "third", "second", "first"]);
  });

  it("before= pages backwards; direction=asc and state filter", async () => {
    const first = await client.api("/repos/acme/widgets/security-advisories?per_page=2&direction=asc");
    const second = await fetch(parseLink(first.headers.get("link")).next!, { headers: { authorization: `token ${client.token}` } });
    expect((await json<AdvisoryJson[]>(second)).map((advisory) => advisory.summary)).toEqual(["third", "fourth"]);
    const back = await fetch(parseLink(second.headers.get("link")).prev!, { headers: { authorization: `token ${client.token}` } });
    expect((await json<AdvisoryJson[]>(back)).map((advisory) => advisory.summary)).toEqual(["first", "second"]);

    const drafts = await json<AdvisoryJson[]>(await client.api("/repos/acme/widgets/security-advisories?state=draft"));
    expect(drafts.map((advisory) => advisory.summary)).toEqual(["fifth", "fourth", "first"]);
  });

  it("an unreadable cursor is a 400; `page` is not a parameter of this endpoint", async () => {
    expect((await client.api("/repos/acme/widgets/security-advisories?after=bogus")).status).toBe(400);
    provoked = [/unknown query parameter "page"/];
    expect((await client.api("/repos/acme/widgets/security-advisories?page=2")).status).toBe(422);
    expect(sim.violations()).toHaveLength(1);
  });

  it("a created draft is listed with the app as author and every field GitHub's description requires", async () => {
    const created = await client.api("/repos/acme/widgets/security-advisories", {
      method: "POST",
      body: { summary: "new", description: "d", severity: "high", vulnerabilities: [{ package: { ecosystem: "npm", name: "widgets" }, vulnerable_version_range: "= 1.0.0" }] },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ state: "draft", author: { login: "anvil[bot]" }, vulnerabilities: [{ patched_versions: null, vulnerable_functions: [] }] });
  });
});
