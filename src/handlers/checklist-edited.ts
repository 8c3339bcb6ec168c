import type { AppIdentity } from "../github/app-identity.js";
import type { Context } from "probot";
export function onChecklistEdited(_identity: () => Promise<AppIdentity>) {
  return async (_context: Context<"issues.edited">): Promise<void> => {};
}
