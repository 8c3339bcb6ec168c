import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import type { ReleaseSnapshot } from "../../../src/github/releases.js";
import { isRevoked, lastKnownGood } from "../../../src/rollback/last-known-good.js";
import { defaultPinInstructions, fillPinInstructions, parseManifest } from "../../../src/rollback/manifest.js";
import { parseCommand, type RollbackRequest } from "../../../src/rollback/parse-command.js";
import { isPlanFresh, planRollback, remainingSteps, type RollbackState } from "../../../src/rollback/plan.js";

let nextId = 1;
function release(tag: string, extra: Partial<ReleaseSnapshot> = {}): ReleaseSnapshot {
  return {
    id: nextId++, tag, name: `Widgets ${tag}`, body: "Notes", draft: false, prerelease: false, immutable: false, targetCommitish: "main",
    createdAt: "2026-01-01T00:00:00Z", publishedAt: "2026-01-01T00:00:00Z", htmlUrl: `https://github.com/acme/widgets/releases/${tag}`, author: "maya",
    assets: [{ name: `widgets-${tag}.whl`, size: 2048, digest: "sha256:abc", downloadUrl: "https://x" }], ...extra,
  };
}
const request = (rest: string) => parseCommand({ name: "rollback", rest }) as RollbackRequest;
const config = (overrides: Record<string, unknown> = {}) => configSchema.parse(overrides);
const NOW = new Date("2026-11-25T10:00:00Z");

describe("last known good version", () => {
  it("is the newest published, non-draft, non-prerelease release with a lower version", () => {
    const releases = [release("v0.0.8"), release("v0.0.10"), release("v0.0.9"), release("v0.1.0"), release("v0.2.0")];
    expect(lastKnownGood(releases, "v0.1.0")?.tag).toBe("v0.0.10");
  });

  it("skips drafts, prereleases, unpublished releases and versions Anvil revoked earlier", () => {
    const releases = [
      release("v0.0.7"),
      release("v0.0.8", { name: "[REVOKED] Widgets v0.0.8" }),
      release("v0.0.9", { draft: true }),
      release("v0.1.0-rc.1", { prerelease: true }),
      release("v0.0.95", { publishedAt: null }),
      release("v0.1.0"),
    ];
    expect(lastKnownGood(releases, "v0.1.0")?.tag).toBe("v0.0.7");
    expect(isRevoked({ name: "Widgets", body: "<!-- anvil:revoked {} -->" })).toBe(true);
  });

  it("compares versions semantically, with or without the v prefix, and ignores tags that are not versions", () => {
    expect(lastKnownGood([release("0.9.0"), release("v0.10.0"), release("nightly"), release("v0.11.0")], "0.11.0")?.tag).toBe("v0.10.0");
  });

  it("is undefined when no earlier stable release exists", () => {
    expect(lastKnownGood([release("v0.1.0"), release("v0.2.0")], "v0.1.0")).toBeUndefined();
    expect(lastKnownGood([release("v0.1.0")], "garbage")).toBeUndefined();
  });
});

describe("planning a rollback", () => {
  const releases = [release("v0.0.9"), release("v0.1.0")];
  const facts = (rest: string, extra: Partial<Parameters<typeof planRollback>[0]> = {}) =>
    planRollback({ request: request(rest), release: releases[1]!, releases, commitSha: "c".repeat(40), config: config(), requestedBy: "maya", issueNumber: 7, now: NOW, ...extra });

  it("critical: revoke, announce, pin, advisory, re-tag check, incident; deadline one hour out", () => {
    const plan = facts(' v0.1.0 --severity critical --reason "deletes files"');
    expect(plan.steps).toEqual(["record", "delete-release", "delete-tag", "announce", "pin", "readme-banner", "advisory", "retag-check", "incident", "notify"]);
    expect(plan).toMatchObject({ tag: "v0.1.0", severity: "critical", severityDefaulted: false, advisory: true, reason: "deletes files", good: { tag: "v0.0.9" }, requestedBy: "maya", issueNumber: 7 });
    expect(plan.deadline).toBe("2026-11-25T11:00:00.000Z");
    expect(plan.assets).toEqual([{ name: "widgets-v0.1.0.whl", size: 2048, digest: "sha256:abc" }]);
  });

  it("severity defaults to critical (revocation, pinned announcement, draft advisory) and says it was defaulted; high drafts one only with --advisory", () => {
    expect(facts(" v0.1.0")).toMatchObject({ severity: "critical", severityDefaulted: true, advisory: true, respondWithin: "1 hour" });
    expect(facts(" v0.1.0").steps).toEqual(["record", "delete-release", "delete-tag", "announce", "pin", "readme-banner", "advisory", "retag-check", "incident", "notify"]);
    expect(facts(" v0.1.0 --severity high").steps).not.toContain("advisory");
    expect(facts(" v0.1.0 --severity high --advisory").steps).toContain("advisory");
  });

  it("the repository's defaultSeverity and severity policies apply", () => {
    const plan = facts(" v0.1.0", { config: config({ rollback: { defaultSeverity: "low", severities: { low: { advisory: true, respondWithinMinutes: 30 } } } }) });
    expect(plan).toMatchObject({ severity: "low", advisory: true, action: "Fix in next regular release" });
    expect(plan.deadline).toBe("2026-11-25T10:30:00.000Z");
  });

  it("an immutable release is revoked in place and its tag is kept", () => {
    const immutable = release("v0.1.0", { immutable: true });
    const plan = facts(" v0.1.0", { release: immutable, releases: [releases[0]!, immutable] });
    expect(plan.steps).toEqual(["record", "revoke-in-place", "make-latest", "announce", "pin", "readme-banner", "advisory", "incident", "notify"]);
    expect(plan.response?.notes).toEqual([{ kind: "immutable-revoked-in-place" }]);
    expect(plan.costs).toEqual([{ kind: "immutable-tag-burned" }]);
    expect(plan.immutable).toBe(true);
  });

  it("a plan is fresh for its TTL only", () => {
    const plan = facts(" v0.1.0");
    expect(isPlanFresh(plan, 30, new Date(NOW.getTime() + 30 * 60_000))).toBe(true);
    expect(isPlanFresh(plan, 30, new Date(NOW.getTime() + 30 * 60_000 + 1))).toBe(false);
  });

  it("resuming runs what failed or never ran, never what is done or skipped", () => {
    const plan = facts(" v0.1.0 --severity critical");
    const at = NOW.toISOString();
    const state: RollbackState = {
      phase: "failed", plan, commandCommentIds: [1], warnings: [], audit: [],
      outcomes: { record: { status: "done", detail: "", at }, "delete-release": { status: "done", detail: "", at }, "delete-tag": { status: "failed", detail: "502", at }, advisory: { status: "skipped", detail: "403", at } },
    };
    expect(remainingSteps(state)).toEqual(["delete-tag", "announce", "pin", "readme-banner", "retag-check", "incident", "notify"]);
  });
});

describe("manifests and pin instructions", () => {
  it.each([
    ["pyproject.toml", '[project]\nname = "widgets"\nversion = "0.1.0"\n', { ecosystem: "pip", name: "widgets", version: "0.1.0" }, 'pip install "widgets==0.0.9"'],
    ["pyproject.toml", '[tool.poetry]\nname = "gizmo"\nversion = "2.0.0"\n', { ecosystem: "pip", name: "gizmo", version: "2.0.0" }, 'pip install "gizmo==0.0.9"'],
    ["package.json", '{"name":"@acme/widgets","version":"0.1.0"}', { ecosystem: "npm", name: "@acme/widgets" }, "npm install @acme/widgets@0.0.9 --save-exact"],
    ["Cargo.toml", '[package]\nname = "widgets"\nversion = "0.1.0"\n', { ecosystem: "rust", name: "widgets" }, "cargo add widgets@=0.0.9"],
    ["go.mod", "module github.com/acme/widgets\n\ngo 1.22\n", { ecosystem: "go", name: "github.com/acme/widgets" }, "go get github.com/acme/widgets@v0.0.9"],
  ])("%s", (file, content, expected, pin) => {
    const manifest = parseManifest(file, content);
    expect(manifest).toMatchObject(expected);
    expect(fillPinInstructions(defaultPinInstructions(manifest), { good: "v0.0.9" })).toBe(pin);
  });

  it("a broken manifest is no manifest, and then users are pointed at the release", () => {
    expect(parseManifest("package.json", "{ not json")).toBeUndefined();
    expect(parseManifest("pyproject.toml", "[[[")).toBeUndefined();
    expect(fillPinInstructions(defaultPinInstructions(undefined), { good: "v0.0.9" })).toContain("`v0.0.9`");
  });

  it("a configured template fills {{good}}, {{goodVersion}} and {{package}}", () => {
    expect(fillPinInstructions("hephaestus release install --tag {{good}} # {{ package }} {{goodVersion}}", { good: "v0.0.9", packageName: "widgets" })).toBe("hephaestus release install --tag v0.0.9 # widgets 0.0.9");
  });
});
