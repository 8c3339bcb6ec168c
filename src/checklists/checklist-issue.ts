/**
 * What the planners need to know about an issue: the shell maps GitHub's answer onto this, so
 * the pure core never sees (or imports) the shape of a GitHub API response.
 */
export interface ChecklistIssue {
  number: number;
  body: string;
  state: "open" | "closed";
  htmlUrl: string;
  createdAt: string;
}

/** What a checklist's check run should say; the shell turns it into a check run request. */
export interface ChecklistReport {
  /** `success` once complete; otherwise the run stays `in_progress`, which a required check treats as pending. */
  complete: boolean;
  title: string;
  summary: string;
  detailsUrl?: string;
}
