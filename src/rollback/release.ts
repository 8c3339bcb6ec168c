/**
 * The facts about a release the pure core reasons about. The shell passes GitHub's release
 * snapshots (`github/releases.ts`), which have this shape; the core does not import `github/`.
 */
export interface ReleaseFacts {
  id: number;
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  targetCommitish: string;
  createdAt: string;
  publishedAt: string | null;
  htmlUrl: string;
  author: string | undefined;
  assets: Array<{ name: string; size: number; digest: string | null; downloadUrl: string }>;
}
