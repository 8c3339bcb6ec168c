import { user, type User } from "./store.js";

/**
 * The app's installations. An installation belongs to one account (an organization or a user) and
 * covers all of that account's repositories, or a selection of them, as on GitHub. The default
 * installation (`app.installationId`, 42 unless seeded) also covers every repository whose owner
 * has no installation of its own: tests that never mention installations keep working with one.
 */
export interface InstallationSeed {
  /** Default: the next free id from 100. */
  id?: number;
  /** The organization or user the app is installed on. */
  account: string;
  accountType?: "Organization" | "User";
  /** "all" (default) or the names of the account's repositories the installation may use. */
  repositories?: "all" | string[];
}

export interface Installation {
  id: number;
  account: User;
  accountType: "Organization" | "User";
  repositorySelection: "all" | "selected";
  /** Repository names (lower case) when `repositorySelection` is "selected". */
  repositories: Set<string>;
  /** Installation tokens minted (`POST /app/installations/{id}/access_tokens`), for tests. */
  tokensIssued: number;
  created_at: string;
}

export interface InstallationRegistry {
  /** The default installation's id. */
  readonly defaultId: number;
  list(): Installation[];
  get(id: number): Installation | undefined;
  add(seed: InstallationSeed): Installation;
  /** The installation that may use `owner/repo` (undefined: none, the repository was not selected). */
  of(owner: string, repo: string): Installation | undefined;
}

export function createInstallations(defaultInstallation: { id: number; account: string }, seeds: readonly InstallationSeed[] = []): InstallationRegistry {
  const installations = new Map<number, Installation>();
  let nextId = 100;
  const add = (seed: InstallationSeed): Installation => {
    const id = seed.id ?? nextId;
    if (installations.has(id)) throw new Error(`installation ${id} exists already`);
    if (seed.account.toLowerCase() !== defaultInstallation.account.toLowerCase() && [...installations.values()].some((installation) => installation.account.login.toLowerCase() === seed.account.toLowerCase())) {
      throw new Error(`the app is installed on ${seed.account} already (one installation per account)`);
    }
    nextId = Math.max(nextId, id + 1);
    const accountType = seed.accountType ?? "Organization";
    const installation: Installation = {
      id,
      account: user(seed.account),
      accountType,
      repositorySelection: Array.isArray(seed.repositories) ? "selected" : "all",
      repositories: new Set(Array.isArray(seed.repositories) ? seed.repositories.map((name) => name.toLowerCase()) : []),
      tokensIssued: 0,
      created_at: new Date().toISOString(),
    };
    installations.set(id, installation);
    return installation;
  };
  const fallback = add({ id: defaultInstallation.id, account: defaultInstallation.account });
  for (const seed of seeds) add(seed);
  return {
    defaultId: fallback.id,
    list: () => [...installations.values()].sort((a, b) => a.id - b.id),
    get: (id) => installations.get(id),
    add,
    of(owner, repo) {
      const own = [...installations.values()].find((installation) => installation !== fallback && installation.account.login.toLowerCase() === owner.toLowerCase());
      const installation = own ?? fallback;
      if (installation.repositorySelection === "all" || installation.repositories.has(repo.toLowerCase())) return installation;
      return undefined;
    },
  };
}

/** An installation as `GET /app/installations/{id}` describes it. */
export function installationJson(installation: Installation, context: { baseUrl: string; app: { id: number; slug: string } }) {
  const web = context.baseUrl.replace(/\/api\/v3$/, "");
  const orgPath = installation.accountType === "Organization" ? `organizations/${installation.account.login}/` : "";
  return {
    id: installation.id,
    account: { ...installation.account, url: `${context.baseUrl}/users/${installation.account.login}`, html_url: `${web}/${installation.account.login}`, type: installation.accountType },
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${context.baseUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${context.baseUrl}/installation/repositories`,
    html_url: `${web}/${orgPath}settings/installations/${installation.id}`,
    app_id: context.app.id,
    app_slug: context.app.slug,
    target_id: installation.account.id,
    target_type: installation.accountType,
    permissions: PERMISSIONS,
    events: ["push", "release", "issues", "issue_comment"],
    created_at: installation.created_at,
    updated_at: installation.created_at,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

export const PERMISSIONS = { issues: "write", checks: "write", contents: "write", metadata: "read" };
