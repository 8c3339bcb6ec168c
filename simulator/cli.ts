// `npm run simulator [-- --seed seed.json] [-- --port 3001]`: a simulated GitHub to point a
// locally running Anvil at (GHE_HOST / GHE_PROTOCOL). See docs/simulator.md.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { storySeed } from "../sandbox/story.js";
import { startSimulator, type SimulatorSeed } from "./index.js";

const { values: options } = parseArgs({
  options: {
    seed: { type: "string" },
    port: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (options.help) {
  console.log("npm run simulator [-- --seed <file.json|yaml>] [-- --port <n>]\nWithout --seed, serves acme/widgets as seeded for the sandbox story.");
  process.exit(0);
}

const seed: SimulatorSeed = options.seed ? (parseYaml(readFileSync(options.seed, "utf8")) as SimulatorSeed) : { repos: [storySeed()] };
const sim = await startSimulator(seed, options.port ? { port: Number(options.port) } : {});
console.log(`Simulated GitHub listening at ${sim.url} (REST ${sim.url}/api/v3, GraphQL ${sim.url}/api/graphql)
Repositories: ${seed.repos.map((repo) => `${repo.owner}/${repo.repo}`).join(", ")}
Point Anvil at it with:
  GHE_HOST=${sim.host} GHE_PROTOCOL=http APP_ID=${sim.app.id} PRIVATE_KEY="$(openssl genrsa 2048 2>/dev/null)" WEBHOOK_SECRET=dev npm start
Every request is checked against GitHub's OpenAPI description; violations are printed here. Ctrl-C stops.`);
let reported = 0;
setInterval(() => {
  const violations = sim.violations();
  for (const violation of violations.slice(reported)) console.error(`violation: ${violation}`);
  reported = violations.length;
}, 1000).unref();
process.on("SIGINT", () => void sim.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
