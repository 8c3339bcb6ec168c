import { run } from "probot";
import { AnvilOctokit } from "./runtime/octokit-plugins.js";

/**
 * `npm start`: what `probot run ./lib/index.js` does — every setting from the environment and
 * `.env`, read by Probot itself — with one addition the CLI cannot take: the Octokit class with
 * Anvil's plugins. A start-up check that fails (see runtime/startup-checks.ts) has logged why;
 * the process then exits with status 1 before the server listens.
 */
try {
  await run([new URL("./index.js", import.meta.url).href], { env: process.env, Octokit: AnvilOctokit });
} catch (error) {
  if (!(error instanceof Error && error.name === "StartupRefused")) console.error(error);
  // Give the log stream a moment to flush, then exit whatever else is still open.
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 200);
}
