import type { AppIdentity } from "../github/app-identity.js";
import type { Context } from "probot";
export function onPush(_identity: () => Promise<AppIdentity>) {
  return async (_context: Context<"push">): Promise<void> => {};
}
