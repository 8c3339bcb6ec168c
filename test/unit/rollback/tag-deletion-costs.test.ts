import { describe, expect, it } from "vitest";
import { renderTagCost } from "../../../src/messages/response.js";
import { detectReleaseTools, tagDeletionCosts, TAG_COST_FILES, type TagCostFacts } from "../../../src/rollback/tag-deletion-costs.js";

const deleting = (files: Record<string, string>, workflows: Record<string, string> = {}, extra: Partial<TagCostFacts> = {}) =>
  tagDeletionCosts({ revocation: "delete", requestedRevocation: "delete", immutable: false, files, workflows, ...extra });

describe("the costs of deleting a tag", () => {
  it("none for a plain repository", () => {
    expect(deleting({ "package.json": '{"name":"widgets","version":"0.1.0"}' })).toEqual([]);
  });

  it("a Go module: the module proxy keeps serving the deleted tag; recommend a retract directive", () => {
    const costs = deleting({ "go.mod": "module github.com/acme/widgets/v2\n\ngo 1.22\n" });
    expect(costs).toEqual([{ kind: "go-module-proxy", module: "github.com/acme/widgets/v2", evidence: ["go.mod"] }]);
    expect(renderTagCost(costs[0]!, "v2.1.0")).toBe(
      "This is a Go module (github.com/acme/widgets/v2): the Go module proxy keeps serving `v2.1.0` after the tag is deleted. Consider `--revoke mark` and a `retract v2.1.0` directive in the fix release's `go.mod` instead.",
    );
  });

  it("semantic-release, revealed by any of its config files, package.json's release key or dependency, or a workflow", () => {
    for (const file of [".releaserc", ".releaserc.json", ".releaserc.yml", ".releaserc.yaml", ".releaserc.js", ".releaserc.cjs", ".releaserc.mjs", "release.config.js", "release.config.cjs", "release.config.mjs", "release.config.ts"]) {
      expect(TAG_COST_FILES).toContain(file);
      expect(deleting({ [file]: "{}" })).toEqual([{ kind: "semantic-release", evidence: [file] }]);
    }
    expect(deleting({ "package.json": JSON.stringify({ release: { branches: ["main"] } }) })).toEqual([{ kind: "semantic-release", evidence: ['package.json ("release" key)'] }]);
    expect(deleting({ "package.json": JSON.stringify({ devDependencies: { "semantic-release": "^24" } }) })).toEqual([{ kind: "semantic-release", evidence: ["package.json (semantic-release dependency)"] }]);
    const workflow = "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx semantic-release\n";
    expect(deleting({}, { ".github/workflows/release.yml": workflow })).toEqual([{ kind: "semantic-release", evidence: [".github/workflows/release.yml"] }]);
    const action = "jobs:\n  r:\n    steps:\n      - uses: cycjimmy/semantic-release-action@v4\n";
    expect(deleting({}, { ".github/workflows/r.yaml": action })).toEqual([{ kind: "semantic-release", evidence: [".github/workflows/r.yaml"] }]);
  });

  it("release-please, revealed by its config, its manifest or a workflow using the action", () => {
    expect(deleting({ "release-please-config.json": "{}", ".release-please-manifest.json": '{".":"0.1.0"}' })).toEqual([
      { kind: "release-please", evidence: ["release-please-config.json", ".release-please-manifest.json"] },
    ]);
    const workflow = "jobs:\n  release-please:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: googleapis/release-please-action@v4\n        with:\n          release-type: python\n";
    const costs = deleting({}, { ".github/workflows/release-please.yml": workflow });
    expect(costs).toEqual([{ kind: "release-please", evidence: [".github/workflows/release-please.yml"] }]);
    expect(renderTagCost(costs[0]!, "v0.1.0")).toContain("release-please is configured here (.github/workflows/release-please.yml)");
  });

  it("a workflow that only mentions the tools in a comment or a name does not count; an unreadable one is ignored", () => {
    const workflow = "# we used semantic-release once\nname: release-please-less\njobs:\n  build:\n    steps:\n      - run: npm test\n";
    expect(deleting({}, { ".github/workflows/ci.yml": workflow, ".github/workflows/broken.yml": "jobs: [: :" })).toEqual([]);
    expect(detectReleaseTools({ "package.json": "not json" })).toEqual({ semanticRelease: [], releasePlease: [] });
  });

  it("several costs at once, in a stable order", () => {
    const costs = deleting({ "go.mod": "module example.com/w\n", ".releaserc.json": "{}", "release-please-config.json": "{}" });
    expect(costs.map((cost) => cost.kind)).toEqual(["go-module-proxy", "semantic-release", "release-please"]);
  });

  it("nothing to state when the tag is kept", () => {
    const files = { "go.mod": "module example.com/w\n", ".releaserc": "{}" };
    expect(tagDeletionCosts({ revocation: "mark", requestedRevocation: "mark", immutable: false, files })).toEqual([]);
    expect(tagDeletionCosts({ revocation: "none", requestedRevocation: "none", immutable: false, files })).toEqual([]);
  });

  it("an immutable release asked to be deleted: deleting would burn the tag name forever (it is revoked in place instead)", () => {
    const costs = tagDeletionCosts({ revocation: "mark", requestedRevocation: "delete", immutable: true, files: { "go.mod": "module x\n" } });
    expect(costs).toEqual([{ kind: "immutable-tag-burned" }]);
    expect(renderTagCost(costs[0]!, "v0.1.0")).toBe("`v0.1.0` is an immutable release: deleting it would burn the tag name `v0.1.0` for good (its tag can never be deleted or reused).");
  });

  it("file names from the repository are quoted inertly", () => {
    expect(renderTagCost({ kind: "semantic-release", evidence: [".github/workflows/@evil`x.yml"] }, "v1.0.0")).toContain("(.github/workflows/@\u200bevil\\`x.yml)");
  });
});
