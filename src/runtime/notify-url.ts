/**
 * The deployment's direct notification webhook (`ANVIL_NOTIFY_URL`), read once at start-up
 * (`src/index.ts`) and handed to the handlers that notify. The URL is a secret: never log it.
 */
/** The configured webhook URL, or undefined; only http(s) URLs count. */
export function notifyUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.ANVIL_NOTIFY_URL?.trim();
  if (!value) return undefined;
  try {
    const parsed = new URL(value);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? value : undefined;
  } catch {
    return undefined;
  }
}
