import type { Logger } from "probot";
import { runInBackground } from "../runtime/background-work.js";
import { deliverWebhook, type DeliveryOptions } from "./webhook.js";

/**
 * Hand a message to the direct webhook without waiting for it: the caller (a saga step) goes on
 * at once; delivery and retries run as background work (drained on shutdown and in tests).
 * Returns whether a webhook is configured at all, for the step's status line.
 */
export function notifyInBackground(
  message: unknown,
  log: Pick<Logger, "info" | "warn" | "error">,
  options: DeliveryOptions & { url: string | undefined },
): boolean {
  const { url } = options;
  if (url === undefined) return false;
  void runInBackground(() => deliverWebhook(url, message, log, options), log);
  return true;
}
