import { installInstructions } from "../../../rollback/manifest.js";
import type { StepContext } from "./context.js";

/** How users pin to the last known good version (configured, else from the manifest). */
export async function pinCommand(ctx: StepContext): Promise<string | undefined> {
  const good = ctx.state.plan.good;
  if (!good) return undefined;
  const manifest = ctx.config.rollback.pinInstructions ? undefined : await ctx.manifest();
  return installInstructions(ctx.config.rollback, manifest, good.tag);
}
