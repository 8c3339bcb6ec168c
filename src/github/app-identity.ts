import type { Probot } from "probot";

export interface AppIdentity {
  appId: number;
  slug: string;
  /** The login GitHub gives the app's bot user: `<slug>[bot]`. */
  botLogin: string;
}

/**
 * Who Anvil is on GitHub. Asked once per process (`GET /app`, authenticated as the app) and
 * cached: the app's own issues are found by `creator=<slug>[bot]` on list endpoints.
 */
export function createAppIdentityResolver(app: Probot): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | undefined;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error("GET /app returned no app");
      const slug = data.slug ?? String(data.id);
      return { appId: data.id, slug, botLogin: `${slug}[bot]` };
    })().catch((error: unknown) => {
      pending = undefined; // retry on the next event rather than caching a failure
      throw error;
    });
    return pending;
  };
}
