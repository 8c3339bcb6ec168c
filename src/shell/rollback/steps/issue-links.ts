import { getIssue } from "../../../github/issues.js";
import type { StepContext } from "./context.js";

/**
 * The public URLs of the announcement and the incident (GitHub's `html_url`, right on GitHub
 * Enterprise too), for the README banner and the notifications. The steps that open or find those
 * issues keep their URLs in the state; only a state written before that is completed by reading.
 */
export async function issueLinks(ctx: StepContext): Promise<{ announcement: string | null; incident: string | null }> {
  const links = (ctx.state.links ??= {});
  const { announcement, incident } = ctx.state;
  if (announcement !== undefined && links.announcement === undefined) links.announcement = (await getIssue(ctx.octokit, ctx.repo, announcement)).htmlUrl;
  if (incident !== undefined && links.incident === undefined) links.incident = (await getIssue(ctx.octokit, ctx.repo, incident)).htmlUrl;
  return { announcement: links.announcement ?? null, incident: links.incident ?? null };
}
