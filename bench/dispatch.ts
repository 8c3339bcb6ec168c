// In-process cost of dispatching one event Anvil ignores, Anvil against a bare Probot app: the part
// of an ignored delivery's ack that is Anvil's own, free of HTTP and scheduling noise.
import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import anvil from "../src/index.js";
import { example } from "../harness/webhook-payloads.js";

export async function measureIgnoredDispatch(iterations: number): Promise<{ anvilUs: number; bareUs: number }> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  // Not the test helpers: they import nock, which would intercept every request the benchmark makes.
  const payload = { ...example("push", undefined, "refs/heads/master"), ref: "refs/heads/feature", installation: { id: 1 } };
  const timePerEvent = async (load: (app: Probot) => void) => {
    const probot = new Probot({ appId: 1, privateKey, logLevel: "warn", Octokit: ProbotOctokit });
    await probot.load(load);
    const receive = () => probot.receive({ id: "bench", name: "push", payload } as never);
    for (let i = 0; i < iterations / 5; i++) await receive(); // warm the JIT
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await receive();
    return Math.round(((performance.now() - started) / iterations) * 1000 * 10) / 10;
  };
  const bareUs = await timePerEvent((app) => app.onAny(async () => {}));
  const anvilUs = await timePerEvent(anvil);
  return { anvilUs, bareUs };
}
