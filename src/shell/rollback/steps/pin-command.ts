import { defaultPinInstructions, fillPinInstructions } from "../../../rollback/manifest.js";
import type { StepContext } from "./context.js";

/** How users pin to the last known good version (configured, else from the manifest). */
export async function pinCommand(ctx: StepContext): Promise<string | undefined> {
  const good = ctx.state.plan.good;
  if (!good) return undefined;
  const manifest = ctx.config.rollback.pinInstructions ? undefined : await ctx.manifest();
  const template = ctx.config.rollback.pinInstructions ?? defaultPinInstructions(manifest);
  const packageName = ctx.config.rollback.advisory.package ?? manifest?.name;
  return fillPinInstructions(template, { good: good.tag, ...(packageName ? { packageName } : {}) });
}
