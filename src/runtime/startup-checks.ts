import { readdirSync } from "node:fs";
import { startupMessages } from "../messages/startup.js";

/** The environment variables the checks read (Probot reads them too: same names, same meaning). */
export interface StartupEnv {
  APP_ID?: string;
  PRIVATE_KEY?: string;
  PRIVATE_KEY_PATH?: string;
  WEBHOOK_SECRET?: string;
}

export type StartupVerdict = { start: true; warnings: string[] } | { start: false; reason: string };

/** Probot verifies signatures against this secret when none is configured. */
const PROBOT_DEVELOPMENT_SECRET = "development";
/** Below this a secret is worth a warning (GitHub's registration flow generates 40 characters). */
export const MINIMUM_SECRET_LENGTH = 20;

/**
 * May Anvil start with these settings? With app credentials (APP_ID and a private key, from
 * PRIVATE_KEY, PRIVATE_KEY_PATH or a `.pem` file Probot finds in the working directory) it
 * serves webhooks, so it needs a webhook secret that is not Probot's well-known default. Without
 * credentials Probot serves only its registration page, which needs none.
 */
export function checkStartup(env: StartupEnv, options: { privateKeyFile?: boolean } = {}): StartupVerdict {
  const credentials = Boolean(env.APP_ID) && Boolean(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH || options.privateKeyFile);
  if (!credentials) return { start: true, warnings: [] };
  const secret = env.WEBHOOK_SECRET ?? "";
  // Probot treats an empty WEBHOOK_SECRET as unset.
  if (secret === "") return { start: false, reason: startupMessages.webhookSecretMissing };
  if (secret === PROBOT_DEVELOPMENT_SECRET) return { start: false, reason: startupMessages.webhookSecretWellKnown };
  const warnings = secret.length < MINIMUM_SECRET_LENGTH ? [startupMessages.webhookSecretShort(MINIMUM_SECRET_LENGTH)] : [];
  return { start: true, warnings };
}

/** Thrown when Anvil must not start; its message says what to set (and holds no secret). */
export class StartupRefused extends Error {
  override name = "StartupRefused";
}

interface StartupLog {
  warn(message: string): void;
  fatal(message: string): void;
}

/**
 * Run the checks on this process's environment (Probot has applied `.env` by the time the app
 * is loaded): log warnings, and refuse — log and throw, before the server listens — when Anvil
 * must not start.
 */
export function enforceStartupChecks(log: StartupLog, env: StartupEnv = process.env, cwd = process.cwd()): void {
  const verdict = checkStartup(env, { privateKeyFile: !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH && hasPemFile(cwd) });
  if (!verdict.start) {
    log.fatal(verdict.reason);
    throw new StartupRefused(verdict.reason);
  }
  for (const warning of verdict.warnings) log.warn(warning);
}

/** Probot's private-key lookup falls back to a `.pem` file in the working directory. */
function hasPemFile(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => name.endsWith(".pem"));
  } catch {
    return false;
  }
}
