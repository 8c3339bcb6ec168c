import { describe, expect, it } from "vitest";
import { mergeLayers, resolveConfig } from "../../../src/config/resolve-config.js";
import { defaultConfig } from "../../../src/config/schema.js";

const repoFile = "acme/widgets:.github/anvil.yml";
const orgFile = "acme/.github:.github/anvil.yml";

describe("resolveConfig", () => {
  it("supplies every default for an empty file", () => {
    expect(resolveConfig([{ file: repoFile, config: {} }])).toEqual({ ok: true, config: defaultConfig, files: [repoFile] });
    expect(resolveConfig([], [])).toEqual({ ok: true, config: defaultConfig, files: [] });
    expect(defaultConfig.rollback.allowedRoles).toEqual(["admin", "maintain"]);
    expect(defaultConfig.checklists.ignoreBotPushes).toBe(true);
  });

  it("layers the repository over the organization, arrays replacing", () => {
    const result = resolveConfig(
      [{ file: repoFile, config: { rollback: { allowedRoles: ["admin"] } } }],
      [{ file: orgFile, config: { rollback: { allowedRoles: ["admin", "maintain", "write"], planTtlMinutes: 10 } } }],
    );
    expect(result.ok && result.config.rollback.allowedRoles).toEqual(["admin"]);
    expect(result.ok && result.config.rollback.planTtlMinutes).toBe(10);
    expect(mergeLayers([{ a: [1, 2] }, { a: [3] }])).toEqual({ a: [3] });
  });

  it("treats the organization's allowed roles as a ceiling the repository cannot widen", () => {
    const org = { file: orgFile, config: { rollback: { allowedRoles: ["admin"] } } };
    const result = resolveConfig([{ file: repoFile, config: { rollback: { allowedRoles: ["admin", "write"] } } }], [org]);
    expect(result.ok && result.config.rollback.allowedRoles).toEqual(["admin"]);
  });

  it("names the file and the unknown key", () => {
    const result = resolveConfig([{ file: repoFile, config: { checklists: { prerelases: true } } }], [{ file: orgFile, config: {} }]);
    const problem = { file: repoFile, key: "checklists.prerelases", message: "unknown key `checklists.prerelases`", scope: "repository" };
    expect(result).toEqual({ ok: false, problem, scope: "repository" });
  });

  it("names the key with the wrong type, blaming the file that set it", () => {
    const result = resolveConfig([{ file: repoFile, config: {} }], [{ file: orgFile, config: { enabled: "yes" } }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.scope).toBe("organization");
      expect(result.problem.file).toBe(orgFile);
      expect(result.problem.key).toBe("enabled");
      expect(result.problem.message).toMatch(/expected boolean/);
    }
  });

  it("refuses a file that is not a mapping", () => {
    const result = resolveConfig([{ file: repoFile, config: ["a"] as unknown as Record<string, unknown> }]);
    expect(result.ok).toBe(false);
  });

  it("rejects both an inline template and a template path", () => {
    const result = resolveConfig([{ file: repoFile, config: { checklists: { preRelease: { template: "- [ ] a", templatePath: "x.md" } } } }]);
    expect(result.ok).toBe(false);
  });

  it("keeps per-severity defaults when a repository overrides one field", () => {
    const result = resolveConfig([{ file: repoFile, config: { rollback: { severities: { high: { advisory: true } } } } }]);
    expect(result.ok && result.config.rollback.severities.high).toMatchObject({ advisory: true, respondWithin: "4 hours" });
  });
});
