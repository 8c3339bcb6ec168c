import { describe, expect, it } from "vitest";
import { defaultReachConfig } from "../../../src/config/reach-schema.js";
import { formatDuration, renderPostMortem, REVIEW_PROMPTS } from "../../../src/messages/post-mortem.js";
import { postMortemBranch, postMortemPathBeside, postMortemDecision, postMortemPath, postMortemSlug, timeline, type PostMortemFacts } from "../../../src/rollback/post-mortem.js";

const facts: PostMortemFacts = {
  tag: "v0.1.0",
  severity: "critical",
  action: "Immediate revocation + security advisory",
  respondWithin: "1 hour",
  reason: "the installer can delete user files",
  requestedBy: "maya",
  good: "v0.0.9",
  release: {
    name: "Widgets v0.1.0",
    publishedAt: "2026-11-24T09:00:00.000Z",
    commitSha: "fea3cf4c35ea37d1cd3b12888acbd994e37a792e",
    immutable: false,
    assets: [{ name: "widgets-0.1.0-wheelhouse.tar.gz", size: 18432, digest: "sha256:5f2b" }],
  },
  plannedAt: "2026-11-25T10:00:00.000Z",
  confirmation: { at: "2026-11-25T10:03:00.000Z", actor: "sam" },
  revokedAt: "2026-11-25T10:03:02.000Z",
  audit: [
    { at: "2026-11-25T10:03:01.000Z", actor: "sam", text: "record: done (recorded in #4)" },
    { at: "2026-11-25T10:03:02.000Z", actor: "sam", text: "delete-release: done (release deleted)" },
    { at: "2026-11-25T10:03:05.000Z", actor: "sam", text: "advisory: done (draft GHSA-54ea-6ab9-49ae opened (private until published))" },
  ],
  resolution: { at: "2026-11-25T12:08:00.000Z", fixedTag: "v0.1.1", by: "release" },
  incident: { number: 4, url: "https://github.com/acme/widgets/issues/4" },
  announcement: { number: 5, url: "https://github.com/acme/widgets/issues/5" },
};

describe("post-mortem path", () => {
  it("defaults to docs/incidents/YYYY-MM-DD-<slug>.md from the revocation date, tag and reason", () => {
    expect(postMortemPath(defaultReachConfig.postMortem.path, { date: new Date(facts.revokedAt ?? ""), tag: facts.tag, reason: facts.reason })).toBe(
      "docs/incidents/2026-11-25-v0-1-0-the-installer-can-delete-user-files.md",
    );
    expect(postMortemSlug("v0.1.0", null)).toBe("v0-1-0");
    expect(postMortemSlug("", "¡¿")).toBe("incident");
    expect(postMortemSlug("v1.0.0", "<script>alert(1)</script> ../../etc")).toBe("v1-0-0-script-alert-1-script-etc");
  });

  it("honours a configured template and refuses one that leaves the repository", () => {
    expect(postMortemPath("incidents/{{tag}}.md", { date: new Date(0), tag: "v1.0.0+build", reason: null })).toBe("incidents/v1.0.0+build.md");
    expect(postMortemPath("/etc/{{slug}}.md", { date: new Date(0), tag: "v1", reason: null })).toBeUndefined();
    expect(postMortemPath("docs//{{slug}}.md", { date: new Date(0), tag: "v1", reason: null })).toBeUndefined();
    expect(postMortemPath("docs/{{tag}}/../x.md", { date: new Date(0), tag: "v1", reason: null })).toBeUndefined();
    expect(postMortemBranch("v0.1.0")).toBe("anvil/post-mortem-v0.1.0");
    expect(postMortemPathBeside("docs/POSTMORTEM.md", "v0.1.0")).toBe("docs/POSTMORTEM-v0.1.0.md");
  });
});

describe("one pull request per incident, ever", () => {
  it("opens one only when no pull request ever came from the branch", () => {
    expect(postMortemDecision([])).toEqual({ open: true });
    expect(postMortemDecision([{ number: 12, state: "closed", merged: false }])).toEqual({ open: false, existing: 12 });
    expect(postMortemDecision([{ number: 13, state: "closed", merged: true }])).toEqual({ open: false, existing: 13 });
  });
});

describe("timeline", () => {
  it("plan, confirmation, each step with its time, resolution, in time order", () => {
    expect(timeline(facts).map((event) => [event.at.slice(11, 19), event.kind])).toEqual([
      ["10:00:00", "plan"],
      ["10:03:00", "confirmation"],
      ["10:03:01", "step"],
      ["10:03:02", "step"],
      ["10:03:05", "step"],
      ["12:08:00", "resolution"],
    ]);
  });

  it("takes the confirmation from the first audit entry when it was not recorded apart", () => {
    const { confirmation: _dropped, ...rest } = facts;
    expect(timeline(rest)[1]).toEqual({ at: "2026-11-25T10:03:01.000Z", actor: "sam", kind: "confirmation", text: "confirmation" });
  });
});

describe("post-mortem document", () => {
  const text = renderPostMortem(facts);

  it("has summary, impact (version, assets and digests, time revoked), timeline and the review prompts as a task list", () => {
    expect(text).toContain("# Post-mortem: v0.1.0 revoked");
    expect(text).toContain("Release **v0.1.0** was revoked on 2026-11-25 10:03 UTC at the request of maya");
    expect(text).toContain("Users were told to use **v0.0.9** ([announcement](https://github.com/acme/widgets/issues/5)).");
    expect(text).toContain("It was resolved by **v0.1.1** on 2026-11-25 12:08 UTC.");
    expect(text).toContain("| Time revoked | 2026-11-25 10:03 UTC |");
    expect(text).toContain("| Time to resolution | 2 h 5 min |");
    expect(text).toContain("| `widgets-0.1.0-wheelhouse.tar.gz` | 18.0 KiB | `sha256:5f2b` |");
    expect(text).toContain("| 2026-11-25 10:03 UTC | sam | delete-release: done (release deleted) |");
    expect(text).toContain("| 2026-11-25 12:08 UTC | — | Resolved by `v0.1.1` (release published) |");
    for (const prompt of REVIEW_PROMPTS) expect(text).toContain(`- [ ] ${prompt}`);
  });

  it("never names a draft advisory (the file is public)", () => {
    expect(text).not.toMatch(/GHSA/i);
    expect(text).toContain("id withheld: the draft is private");
  });

  it("quotes people's text inert: no HTML, no mentions, no table breaks", () => {
    const hostile = renderPostMortem({ ...facts, reason: "<img src=x onerror=alert(1)> | @org/team ping", requestedBy: "@maya", audit: [{ at: facts.plannedAt, actor: "x", text: "a | b <b>" }] });
    expect(hostile).not.toContain("<img");
    expect(hostile).not.toContain("<b>");
    expect(hostile).not.toMatch(/(^|[^\u200b])@org/);
    expect(hostile).toContain("a \\| b &lt;b&gt;");
  });

  it("is the same text for the same facts (stable rendering)", () => {
    expect(renderPostMortem(facts)).toBe(text);
  });

  it("says when the release was kept and when nothing is resolved yet", () => {
    const kept = renderPostMortem({ ...facts, revokedAt: null, resolution: undefined, good: null, announcement: undefined });
    expect(kept).toContain("| Time revoked | not revoked (kept) |");
    expect(kept).toContain("| Time to resolution | unresolved |");
    expect(kept).toContain("There was no earlier stable release to pin to.");
  });

  it("formats durations", () => {
    expect([5, 60, 125, 48 * 60 + 30].map(formatDuration)).toEqual(["5 min", "1 h", "2 h 5 min", "2 days 0 h"]);
  });
});
