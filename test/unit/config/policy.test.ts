import { describe, expect, it } from "vitest";
import { applyOrganizationPolicy, readOrganizationPolicy } from "../../../src/config/policy.js";
import { resolveConfig, type Layer } from "../../../src/config/resolve-config.js";
import { defaultConfig } from "../../../src/config/schema.js";
import { describePolicyNote, renderConfigProblemIssue, renderConfigProblemReply } from "../../../src/messages/config-problem.js";

const repoFile = "acme/widgets:.github/anvil.yml";
const orgFile = "acme/.github:.github/anvil.yml";
const elsewhere = "mallory/configs:.github/anvil.yml";

const repo = (config: Record<string, unknown>): Layer => ({ file: repoFile, config });
const org = (config: Record<string, unknown>): Layer => ({ file: orgFile, config });

function effective(repository: Layer[], organization: Layer[]) {
  const result = resolveConfig(repository, organization);
  if (!result.ok) throw new Error(`unexpected problem: ${JSON.stringify(result.problem)}`);
  return result.config;
}

describe("the organization's allowedRoles is a ceiling", () => {
  it("a repository cannot add a role, and the note says which were ignored", () => {
    const config = effective([repo({ rollback: { allowedRoles: ["admin", "write"] } })], [org({ rollback: { allowedRoles: ["admin", "maintain"] } })]);
    expect(config.rollback.allowedRoles).toEqual(["admin"]);
    expect(config.policy).toEqual([{ key: "rollback.allowedRoles", rule: "ceiling", file: orgFile, ignored: ["write"], allowed: ["admin"] }]);
  });

  it("a repository can narrow it, without a note", () => {
    const config = effective([repo({ rollback: { allowedRoles: ["admin"] } })], [org({ rollback: { allowedRoles: ["admin", "maintain"] } })]);
    expect(config.rollback.allowedRoles).toEqual(["admin"]);
    expect(config.policy).toBeUndefined();
  });

  it("holds when the repository `_extends` another owner's file that widens the roles", () => {
    const config = effective(
      [{ file: elsewhere, config: { rollback: { allowedRoles: ["admin", "maintain", "write", "triage", "read"] } } }, repo({ enabled: true })],
      [org({ rollback: { allowedRoles: ["admin"] } })],
    );
    expect(config.rollback.allowedRoles).toEqual(["admin"]);
  });

  it("holds when the organization's file is valid only once merged (a key the repository fixes)", () => {
    const config = effective(
      [repo({ rollback: { planTtlMinutes: 30, allowedRoles: ["admin", "write"] } })],
      [org({ rollback: { planTtlMinutes: 0, allowedRoles: ["admin"] } })],
    );
    expect(config.rollback.allowedRoles).toEqual(["admin"]);
    expect(config.rollback.planTtlMinutes).toBe(30);
  });

  it("holds when the organization's file has a section that is complete only with the defaults", () => {
    const config = effective(
      [repo({ rollback: { allowedRoles: ["write"] } })],
      [org({ checklists: { preRelease: { templatePath: "org.md" } }, rollback: { allowedRoles: ["admin"] } })],
    );
    expect(config.rollback.allowedRoles).toEqual([]);
    expect(config.policy?.[0]).toMatchObject({ ignored: ["write"], allowed: [] });
  });

  it("comes from the organization's whole chain (its file over what it extends)", () => {
    const config = effective(
      [repo({ rollback: { allowedRoles: ["admin", "write", "read"] } })],
      [{ file: "acme/policies:.github/anvil.yml", config: { rollback: { allowedRoles: ["admin", "write"] } } }, org({ enabled: false })],
    );
    expect(config.rollback.allowedRoles).toEqual(["admin", "write"]);
    expect(config.enabled).toBe(false);
  });

  it("is no ceiling when the organization does not set it (the defaults are not policy)", () => {
    const config = effective([repo({ rollback: { allowedRoles: ["write"] } })], [org({ rollback: { planTtlMinutes: 10 } })]);
    expect(config.rollback.allowedRoles).toEqual(["write"]);
  });
});

describe("the organization's confirm: true is a floor", () => {
  it("a repository's confirm: false is ignored, and the note says so", () => {
    const config = effective([repo({ rollback: { confirm: false } })], [org({ rollback: { confirm: true } })]);
    expect(config.rollback.confirm).toBe(true);
    expect(config.policy).toEqual([{ key: "rollback.confirm", rule: "floor", file: orgFile }]);
  });

  it("also through `_extends` to another file", () => {
    const config = effective([{ file: elsewhere, config: { rollback: { confirm: false } } }, repo({})], [org({ rollback: { confirm: true } })]);
    expect(config.rollback.confirm).toBe(true);
  });

  it("an organization's confirm: false is only a default a repository may change either way", () => {
    expect(effective([repo({})], [org({ rollback: { confirm: false } })]).rollback.confirm).toBe(false);
    expect(effective([repo({ rollback: { confirm: true } })], [org({ rollback: { confirm: false } })]).rollback.confirm).toBe(true);
    expect(effective([repo({ rollback: { confirm: false } })], [org({ rollback: { planTtlMinutes: 5 } })]).rollback.confirm).toBe(false);
  });

  it("both notes at once", () => {
    const config = effective([repo({ rollback: { confirm: false, allowedRoles: ["write"] } })], [org({ rollback: { confirm: true, allowedRoles: ["admin"] } })]);
    expect(config.policy?.map((note) => note.key)).toEqual(["rollback.allowedRoles", "rollback.confirm"]);
  });
});

describe("an organization policy that cannot be read fails closed", () => {
  it.each([
    ["allowedRoles is not a list", { rollback: { allowedRoles: "admin" } }, "rollback.allowedRoles"],
    ["allowedRoles is empty", { rollback: { allowedRoles: [] } }, "rollback.allowedRoles"],
    ["confirm is not a boolean", { rollback: { confirm: "yes" } }, "rollback.confirm"],
    ["rollback is not a mapping", { rollback: "strict" }, "rollback"],
  ])("%s: an organization problem, even though the repository's file would make the merge valid", (_name, orgConfig, key) => {
    const result = resolveConfig([repo({ rollback: { allowedRoles: ["admin"], confirm: true } })], [org(orgConfig)]);
    expect(result).toMatchObject({ ok: false, scope: "organization", problem: { file: orgFile, key, scope: "organization" } });
  });

  it("an organization file that is not a mapping", () => {
    expect(resolveConfig([repo({})], [org(["a"] as unknown as Record<string, unknown>)])).toMatchObject({ ok: false, scope: "organization" });
  });

  it("a key the organization sets wrongly and nobody overrides blames the organization", () => {
    expect(resolveConfig([repo({})], [org({ labels: { incidnet: "x" } })])).toMatchObject({ ok: false, scope: "organization", problem: { key: "labels.incidnet" } });
  });

  it("a repository's broken file stays the repository's problem", () => {
    expect(resolveConfig([repo({ rollback: { allowedRoles: "admin" } })], [org({ rollback: { allowedRoles: ["admin"] } })])).toMatchObject({
      ok: false,
      scope: "repository",
      problem: { file: repoFile, key: "rollback.allowedRoles" },
    });
  });
});

describe("policy helpers", () => {
  it("reads nothing from a file without a rollback section", () => {
    expect(readOrganizationPolicy(orgFile, { enabled: false })).toEqual({ ok: true, policy: { file: orgFile } });
  });

  it("applying an empty policy changes nothing", () => {
    expect(applyOrganizationPolicy(defaultConfig, { file: orgFile })).toEqual({ config: defaultConfig, notes: [] });
  });

  it("notes and problems read as sentences", () => {
    expect(describePolicyNote({ key: "rollback.confirm", rule: "floor", file: orgFile })).toContain("`confirm: false` is ignored");
    expect(describePolicyNote({ key: "rollback.allowedRoles", rule: "ceiling", file: orgFile, ignored: ["write", "triage"], allowed: [] })).toBe(
      "The organization's policy (`acme/.github:.github/anvil.yml`) caps `rollback.allowedRoles`: `write`, `triage` from this repository's configuration are ignored; allowed here: no role (nobody can run `/rollback` in this repository).",
    );
    const problem = { file: orgFile, key: "rollback.confirm", message: "`rollback.confirm`: expected boolean", scope: "organization" } as const;
    expect(renderConfigProblemReply(problem)).toMatch(/organization's Anvil configuration is invalid[\s\S]*Nothing was changed/);
    expect(renderConfigProblemIssue(problem).title).toBe("Anvil is paused in this organization: its configuration file is invalid");
    expect(renderConfigProblemIssue({ ...problem, scope: "repository" }).title).toBe("Anvil is paused: its configuration file is invalid");
  });
});
