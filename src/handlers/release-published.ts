import type { AppIdentity } from "../github/app-identity.js";
import type { Context } from "probot";
export function onReleasePublished(_identity: () => Promise<AppIdentity>) {
  return async (_context: Context<"release.published">): Promise<void> => {};
}
