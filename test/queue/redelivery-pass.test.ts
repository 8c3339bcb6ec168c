import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { API, createTestProbot, githubApi, sent, sentWrites, setupNock, teardownNock } from "../helpers/probot.js";
import { inMemoryRedeliveryState, redisRedeliveryState, runRedeliveryPass, type RedeliveryState } from "../../src/queue/redelivery-pass.js";
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from "./test-redis.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0);
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
let nextId = 500;
const delivery = (guid: string, status_code: number, minutes: number, redelivery = false) => ({
  id: nextId++,
  guid,
  delivered_at: minutesAgo(minutes),
  redelivery,
  duration: 0.1,
  status: status_code >= 200 && status_code < 300 ? "OK" : "Invalid HTTP Response: 503",
  status_code,
  event: "push",
  action: null,
  installation_id: 2,
  repository_id: 1,
});

const log = { info: vi.fn(), warn: vi.fn(), debug: vi.fn() };
const appOctokit = () => createTestProbot({ load: false }).auth();

beforeEach(setupNock);
afterEach(teardownNock);

/** Two pages (cursor pagination through the Link header); the second reaches past the window. */
function mockDeliveries(firstPage: unknown[], secondPage: unknown[]) {
  return githubApi()
    .get("/app/hook/deliveries")
    .query({ per_page: "100" })
    .reply(200, firstPage, { link: `<${API}/app/hook/deliveries?per_page=100&cursor=v1_next>; rel="next"` })
    .get("/app/hook/deliveries")
    .query({ per_page: "100", cursor: "v1_next" })
    .reply(200, secondPage);
}

describe("redelivery pass (nock)", () => {
  it("requests exactly one redelivery per event with no successful attempt in the window, and none again on the next pass", async () => {
    const failedTwice = [delivery("g-failed-twice", 503, 5, true), delivery("g-failed-twice", 503, 30)];
    const recovered = [delivery("g-recovered", 200, 10, true), delivery("g-recovered", 0, 20)];
    const ok = delivery("g-ok", 200, 25);
    const noAnswer = delivery("g-no-answer", 0, 40);
    const tooOld = delivery("g-too-old", 503, 90); // before the 60-minute look-back: left alone
    mockDeliveries([failedTwice[0], recovered[0], recovered[1], ok], [failedTwice[1], noAnswer, tooOld]);
    githubApi().post(`/app/hook/deliveries/${noAnswer.id}/attempts`).reply(202, {}).post(`/app/hook/deliveries/${failedTwice[0]!.id}/attempts`).reply(202, {});

    const state = inMemoryRedeliveryState();
    const requested = await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000 }, NOW);
    expect(requested).toEqual(["g-no-answer", "g-failed-twice"]);
    expect(sentWrites().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /app/hook/deliveries/${noAnswer.id}/attempts`,
      `POST /app/hook/deliveries/${failedTwice[0]!.id}/attempts`,
    ]);

    // Ten minutes later GitHub lists the attempts Anvil asked for; one failed again: not asked twice.
    sent.length = 0;
    const again = delivery("g-no-answer", 503, -9, true);
    githubApi().get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, [again, delivery("g-failed-twice", 503, -9, true), noAnswer]);
    expect(await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000 }, NOW + 10 * 60_000)).toEqual([]);
    expect(sentWrites()).toEqual([]);
  });

  it("a pass right after another one (another replica's timer) is skipped without asking GitHub", async () => {
    githubApi().get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, []);
    const state = inMemoryRedeliveryState();
    expect(await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000, minGapMs: 300_000 }, NOW)).toEqual([]);
    expect(await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000, minGapMs: 300_000 }, NOW + 60_000)).toBeUndefined();
  });

  it("a redelivery request GitHub refuses is tried again by the next pass", async () => {
    const failed = delivery("g-retry", 503, 5);
    githubApi().get("/app/hook/deliveries").query({ per_page: "100" }).times(2).reply(200, [failed]);
    githubApi().post(`/app/hook/deliveries/${failed.id}/attempts`).reply(500, { message: "oops" }).post(`/app/hook/deliveries/${failed.id}/attempts`).reply(202, {});
    const state = inMemoryRedeliveryState();
    expect(await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000 }, NOW)).toEqual([]);
    expect(await runRedeliveryPass({ appOctokit, state, log, lookBackMs: 3_600_000 }, NOW + 60_000)).toEqual(["g-retry"]);
  });
});

describe.skipIf(!TEST_REDIS_URL)("redelivery pass shared by replicas (real Redis)", () => {
  const states: RedeliveryState[] = [];
  let prefix = "";
  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await Promise.all(states.splice(0).map((state) => state.close()));
    await deleteKeys(prefix);
  });

  it("two replicas passing at the same moment request each failed delivery once in all", async () => {
    const failed = [delivery("g-a", 503, 5), delivery("g-b", 0, 6)];
    // One list only: the replica that finds the pass locked skips it.
    githubApi().get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, failed);
    githubApi().post(`/app/hook/deliveries/${failed[0]!.id}/attempts`).reply(202, {}).post(`/app/hook/deliveries/${failed[1]!.id}/attempts`).reply(202, {});
    const [a, b] = [redisRedeliveryState(TEST_REDIS_URL!, prefix), redisRedeliveryState(TEST_REDIS_URL!, prefix)];
    states.push(a, b);
    const results = await Promise.all([runRedeliveryPass({ appOctokit, state: a, log, lookBackMs: 3_600_000 }, NOW), runRedeliveryPass({ appOctokit, state: b, log, lookBackMs: 3_600_000 }, NOW)]);
    expect(results.filter((guids) => guids === undefined)).toHaveLength(1);
    expect(results.flatMap((guids) => guids ?? []).sort()).toEqual(["g-a", "g-b"]);
    expect(sentWrites()).toHaveLength(2);

    // The next pass (either replica) starts where the shared window left off and asks for nothing again.
    githubApi().get("/app/hook/deliveries").query({ per_page: "100" }).reply(200, failed);
    expect(await runRedeliveryPass({ appOctokit, state: b, log, lookBackMs: 3_600_000 }, NOW + 600_000)).toEqual([]);
    expect(sentWrites()).toHaveLength(2);
  });
});
