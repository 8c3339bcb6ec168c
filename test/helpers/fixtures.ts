import { createRequire } from "node:module";
import { INSTALLATION_ID } from "./probot.js";

const require = createRequire(import.meta.url);

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: Array<Record<string, unknown>>;
}

const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

/**
 * A real webhook payload from `@octokit/webhooks-examples`, deep-copied, with an installation
 * added (most examples lack one) and optional overrides merged on top.
 */
export function examplePayload<T = Record<string, unknown>>(event: string, action?: string, index = 0): T {
  const group = groups.find((candidate) => candidate.name === event);
  if (!group) throw new Error(`no examples for ${event}`);
  const matching = group.examples.filter((example) => action === undefined || example.action === action);
  const example = matching[index];
  if (!example) throw new Error(`no example #${index} for ${event}.${action ?? ""}`);
  const copy = structuredClone(example) as Record<string, unknown>;
  copy.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return copy as T;
}
