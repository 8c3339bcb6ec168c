import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobSha, type Simulator } from "../../simulator/index.js";
import { FAKE_JWT, startClient, type Client } from "./helpers.js";

/**
 * Webhooks GitHub sends for changes made through the API — the app's own included, which is how
 * an app learns of (and must ignore) its own events — sent to a receiver standing in for the app
 * and logged as deliveries with the receiver's answer.
 */

interface Received {
  event: string;
  guid: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: Record<string, unknown>;
}

let client: Client;
let sim: Simulator;
let receiver: Server;
let received: Received[];
let answer = 200;

beforeEach(async () => {
  received = [];
  answer = 200;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ event: String(req.headers["x-github-event"]), guid: String(req.headers["x-github-delivery"]), headers: req.headers, body, payload: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  client = await startClient({ repos: [{ owner: "acme", repo: "widgets", files: { "README.md": "# Widgets\n" }, issues: [{ title: "one" }] }] });
  sim = client.sim;
  sim.setWebhookTarget({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`, secret: "dev", emit: ["push", "release", "issues", "issue_comment"] });
});
afterEach(async () => {
  await sim.webhooksSettled();
  expect(sim.violations()).toEqual([]);
  await sim.close();
  receiver.close();
});

const kinds = () => received.map(({ event, payload }) => (payload.action ? `${event}.${String(payload.action)}` : `${event} ${String(payload.ref)}`));

describe("events for the app's own changes", () => {
  it("an issue the app opens arrives as issues.opened from anvil[bot], signed, for the installation and repository", async () => {
    const created = await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "Release checklist", body: "- [ ] a" } });
    expect(created.status).toBe(201);
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["issues.opened"]);
    const [hook] = received;
    expect(hook!.payload).toMatchObject({
      action: "opened",
      issue: { number: 2, title: "Release checklist", user: { login: "anvil[bot]", type: "Bot" } },
      sender: { login: "anvil[bot]", type: "Bot" },
      installation: { id: sim.app.installationId },
      repository: { id: sim.repo("acme", "widgets").id, full_name: "acme/widgets" },
    });
    expect(hook!.headers["x-hub-signature-256"]).toBe(`sha256=${createHmac("sha256", "dev").update(hook!.body).digest("hex")}`);
    expect(sim.deliveries()).toEqual([expect.objectContaining({ guid: hook!.guid, event: "issues", action: "opened", status_code: 200, status: "OK", redelivery: false })]);
  });

  it("an edit that changes the body and closes: issues.edited (with changes) then issues.closed; a comment and its edit", async () => {
    await client.api("/repos/acme/widgets/issues/1", { method: "PATCH", body: { body: "ticked", state: "closed" } });
    await client.api("/repos/acme/widgets/issues/1/labels", { method: "POST", body: { labels: ["anvil:overdue"] } });
    const comment = (await (await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body: "status" } })).json()) as { id: number };
    await client.api(`/repos/acme/widgets/issues/comments/${comment.id}`, { method: "PATCH", body: { body: "status, updated" } });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["issues.edited", "issues.closed", "issues.labeled", "issue_comment.created", "issue_comment.edited"]);
    expect(received[0]!.payload).toMatchObject({ changes: { body: { from: "" } }, issue: { body: "ticked" } });
    expect(received[2]!.payload).toMatchObject({ label: { name: "anvil:overdue" } });
    expect(received[4]!.payload).toMatchObject({ changes: { body: { from: "status" } }, comment: { body: "status, updated" } });
  });

  it("a pre-release edited into a full release: edited, then released (and nothing more when it is demoted again)", async () => {
    const created = (await (await client.api("/repos/acme/widgets/releases", { method: "POST", body: { tag_name: "v0.3.0-rc.1", prerelease: true } })).json()) as { id: number };
    await sim.webhooksSettled();
    received.length = 0;
    await client.api(`/repos/acme/widgets/releases/${created.id}`, { method: "PATCH", body: { prerelease: false } });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["release.edited", "release.released"]);
    expect(received[1]!.payload).toMatchObject({ release: { tag_name: "v0.3.0-rc.1", prerelease: false, draft: false } });
    received.length = 0;
    await client.api(`/repos/acme/widgets/releases/${created.id}`, { method: "PATCH", body: { prerelease: true } });
    await client.api(`/repos/acme/widgets/releases/${created.id}`, { method: "PATCH", body: { body: "notes" } });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["release.edited", "release.edited"]);
  });

  it("a release the app creates: the tag's push, then created, published, prereleased; a draft only created until published", async () => {
    await client.api("/repos/acme/widgets/releases", { method: "POST", body: { tag_name: "v0.1.0-drill.1", prerelease: true } });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["push refs/tags/v0.1.0-drill.1", "release.created", "release.published", "release.prereleased"]);
    expect(received[0]!.payload).toMatchObject({ created: true, deleted: false, after: sim.repo("acme", "widgets").headSha });
    expect(received[3]!.payload).toMatchObject({ release: { tag_name: "v0.1.0-drill.1", prerelease: true, author: { login: "anvil[bot]" } } });

    received.length = 0;
    const draft = (await (await client.api("/repos/acme/widgets/releases", { method: "POST", body: { tag_name: "v0.2.0", draft: true } })).json()) as { id: number };
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["release.created"]);
    await client.api(`/repos/acme/widgets/releases/${draft.id}`, { method: "PATCH", body: { draft: false } });
    await client.api(`/repos/acme/widgets/releases/${draft.id}`, { method: "PATCH", body: { body: "> revoked" } });
    await client.api(`/repos/acme/widgets/releases/${draft.id}`, { method: "DELETE" });
    await client.api("/repos/acme/widgets/git/refs/tags/v0.2.0", { method: "DELETE" });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["release.created", "push refs/tags/v0.2.0", "release.published", "release.released", "release.edited", "release.deleted", "push refs/tags/v0.2.0"]);
    expect(received[4]!.payload).toMatchObject({ changes: { body: { from: "" } } });
    expect(received[6]!.payload).toMatchObject({ deleted: true, after: "0".repeat(40) });
  });

  it("a branch and a commit on it arrive as pushes with before, after and the commit", async () => {
    const state = sim.repo("acme", "widgets");
    await client.api("/repos/acme/widgets/git/refs", { method: "POST", body: { ref: "refs/heads/anvil/revoked-v0.1.0", sha: state.headSha } });
    const written = (await (await client.api("/repos/acme/widgets/contents/README.md", { method: "PUT", body: { message: "Banner", content: Buffer.from("> revoked\n").toString("base64"), sha: blobSha("# Widgets\n"), branch: "anvil/revoked-v0.1.0" } })).json()) as { commit: { sha: string } };
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["push refs/heads/anvil/revoked-v0.1.0", "push refs/heads/anvil/revoked-v0.1.0"]);
    expect(received[1]!.payload).toMatchObject({ before: state.headSha, after: written.commit.sha, created: false, commits: [{ id: written.commit.sha, message: "Banner" }], head_commit: { id: written.commit.sha }, sender: { login: "anvil[bot]" } });
  });

  it("pinning and unpinning through GraphQL arrive as issues.pinned / issues.unpinned, once per change", async () => {
    const id = sim.repo("acme", "widgets").issues.get(1)!.node_id;
    await client.graphql("mutation AnvilPinIssue($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { id } } }", { issueId: id });
    await client.graphql("mutation AnvilPinIssue($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { id } } }", { issueId: id });
    await client.graphql("mutation AnvilUnpinIssue($issueId: ID!) { unpinIssue(input: { issueId: $issueId }) { issue { id } } }", { issueId: id });
    await client.graphql("mutation AnvilUnpinIssue($issueId: ID!) { unpinIssue(input: { issueId: $issueId }) { issue { id } } }", { issueId: id });
    await sim.webhooksSettled();
    expect(kinds()).toEqual(["issues.pinned", "issues.unpinned"]);
    expect(received[0]!.payload).toMatchObject({ issue: { number: 1, node_id: id }, sender: { login: "anvil[bot]" } });
  });

  it("events the target did not ask for are not sent; without a target nothing is", async () => {
    sim.setWebhookTarget({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: "dev", emit: ["release"] });
    await client.api("/repos/acme/widgets/issues", { method: "POST", body: { title: "quiet" } });
    sim.setWebhookTarget(null);
    await client.api("/repos/acme/widgets/releases", { method: "POST", body: { tag_name: "v9.9.9" } });
    await sim.webhooksSettled();
    expect(received).toEqual([]);
    expect(sim.deliveries()).toEqual([]);
  });
});

describe("deliveries the app failed, redelivered (issue 13)", () => {
  it("a 503 answer is logged as a failed delivery; a redelivery attempt sends it again with the same guid", async () => {
    answer = 503;
    await client.api("/repos/acme/widgets/issues/1/comments", { method: "POST", body: { body: "x" } });
    await sim.webhooksSettled();
    const [failed] = sim.deliveries();
    expect(failed).toMatchObject({ event: "issue_comment", action: "created", status_code: 503, status: "Invalid HTTP Response: 503" });

    answer = 202;
    const listed = await fetch(`${sim.url}/api/v3/app/hook/deliveries?status=failure`, { headers: { authorization: `Bearer ${FAKE_JWT}` } });
    const [entry] = (await listed.json()) as Array<{ id: number; guid: string }>;
    expect(entry?.guid).toBe(failed!.guid);
    expect((await fetch(`${sim.url}/api/v3/app/hook/deliveries/${entry!.id}/attempts`, { method: "POST", headers: { authorization: `Bearer ${FAKE_JWT}` } })).status).toBe(202);
    await sim.webhooksSettled();
    await expect.poll(() => sim.redeliveries()[0]?.redelivery).toMatchObject({ guid: failed!.guid, redelivery: true, status_code: 202 });
    expect(received.map((hook) => hook.guid)).toEqual([failed!.guid, failed!.guid]);
    expect(received[1]!.body).toBe(received[0]!.body);
  });

  it("sim.deliver sends a payload a test built (a human's event) and logs it", async () => {
    const delivery = await sim.deliver("issue_comment", { action: "created", comment: { body: "/rollback v0.1.0" }, repository: { id: 7 } }, { guid: "fixed-guid" });
    expect(delivery).toMatchObject({ guid: "fixed-guid", event: "issue_comment", action: "created", status_code: 200, repository_id: 7 });
    expect(received.map((hook) => hook.guid)).toEqual(["fixed-guid"]);
  });
});
