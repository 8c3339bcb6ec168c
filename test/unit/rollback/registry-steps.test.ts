import { describe, expect, it } from "vitest";
import { registryMessage, renderRegistrySection, renderRegistryStep } from "../../../src/messages/response.js";
import { normalizePypiName, registrySteps, shellQuote, type RegistryFacts } from "../../../src/rollback/registry-steps.js";

const facts = (ecosystem: RegistryFacts["ecosystem"], packageName: string | undefined, extra: Partial<RegistryFacts> = {}): RegistryFacts => ({
  ecosystem, packageName, tag: "v0.1.0", message: registryMessage("v0.1.0", "v0.0.9"), security: true, ...extra,
});
const lines = (f: RegistryFacts) => registrySteps(f).map((step) => renderRegistryStep(step, f.tag));

describe("registry steps for the detected ecosystem", () => {
  it("PyPI: yanking has no API, so the line links the release's management page (name normalised)", () => {
    expect(registrySteps(facts("pip", "My_Widgets.core"))).toEqual([{ kind: "page", ecosystem: "pip", registry: "PyPI", url: "https://pypi.org/manage/project/my-widgets-core/release/0.1.0/" }]);
    expect(lines(facts("pip", "widgets"))).toEqual(["- [ ] Yank 0.1.0 on PyPI (no API: the release's management page, “Options” → “Yank”): https://pypi.org/manage/project/widgets/release/0.1.0/"]);
    expect(normalizePypiName("A--b__c..D")).toBe("a-b-c-d");
  });

  it("npm: npm deprecate with the version and a quoted message", () => {
    expect(lines(facts("npm", "@acme/widgets"))).toEqual(['- [ ] Withdraw 0.1.0 from npm: `npm deprecate @acme/widgets@0.1.0 "v0.1.0 has been revoked: use v0.0.9 instead"`']);
  });

  it("crates.io: cargo yank --version", () => {
    expect(lines(facts("rust", "widgets"))).toEqual(["- [ ] Withdraw 0.1.0 from crates.io: `cargo yank --version 0.1.0 widgets`"]);
  });

  it("Go: a retract directive in the fix release's go.mod", () => {
    expect(lines(facts("go", "github.com/acme/widgets"))).toEqual([
      "- [ ] Add `retract v0.1.0 // v0.1.0 has been revoked: use v0.0.9 instead` to `go.mod` in the fix release (the Go module proxy keeps serving v0.1.0)",
    ]);
    expect(registrySteps(facts("go", "m", { tag: "0.1.0", message: "see https://x//y" }))[0]).toMatchObject({ line: "retract v0.1.0 // see https:/x/y" });
  });

  it("the other ecosystems the advisories know: RubyGems, NuGet, Hex, pub.dev, tag-following and never-removing registries", () => {
    expect(lines(facts("rubygems", "widgets"))).toEqual(["- [ ] Withdraw 0.1.0 from RubyGems.org: `gem yank widgets -v 0.1.0`"]);
    expect(lines(facts("nuget", "Acme.Widgets"))).toEqual(["- [ ] Withdraw 0.1.0 from NuGet.org: `dotnet nuget delete Acme.Widgets 0.1.0 --source https://api.nuget.org/v3/index.json`"]);
    expect(lines(facts("erlang", "widgets"))[0]).toBe('- [ ] Withdraw 0.1.0 from Hex: `mix hex.retire widgets 0.1.0 security --message "v0.1.0 has been revoked: use v0.0.9 instead"`');
    expect(registrySteps(facts("erlang", "widgets", { security: false }))[0]).toMatchObject({ command: expect.stringContaining(" 0.1.0 invalid --message ") });
    expect(lines(facts("pub", "widgets"))[0]).toContain("https://pub.dev/packages/widgets/admin");
    expect(lines(facts("composer", "acme/widgets"))[0]).toBe("- [ ] Check Packagist: it lists versions from this repository's tags, so v0.1.0 stays listed while its tag exists");
    expect(lines(facts("maven", "com.acme:widgets"))[0]).toContain("Maven Central never removes a published version");
    expect(registrySteps(facts("other", "x"))).toEqual([]);
    expect(registrySteps(facts(undefined, undefined))).toEqual([]);
  });

  it("a package name that is not a valid name for its registry never reaches a command: a placeholder does", () => {
    expect(lines(facts("npm", "widgets; rm -rf ~"))[0]).toContain("npm deprecate <package>@0.1.0");
    expect(lines(facts("rust", "$(curl evil)"))[0]).toContain("cargo yank --version 0.1.0 <package>");
    expect(lines(facts("pip", undefined))[0]).toContain("/manage/project/<package>/release/0.1.0/");
  });

  it("messages are quoted for a POSIX shell whatever they contain", () => {
    expect(shellQuote("plain words")).toBe('"plain words"');
    expect(shellQuote('say "hi" for $HOME `x`')).toBe(`'say "hi" for $HOME \`x\`'`);
    expect(shellQuote("it's $x")).toBe(`'it'\\''s $x'`);
    expect(shellQuote("two\nlines")).toBe('"two lines"');
    // a backtick in the command is fenced by a longer code span
    expect(lines(facts("npm", "w", { message: "use `v0.0.9`" }))[0]).toBe("- [ ] Withdraw 0.1.0 from npm: `` npm deprecate w@0.1.0 'use `v0.0.9`' ``");
  });

  it("the incident's registry section: a heading and the task lines, or nothing", () => {
    expect(renderRegistrySection(registrySteps(facts("rust", "widgets")), "v0.1.0")).toBe("### Package registries\n- [ ] Withdraw 0.1.0 from crates.io: `cargo yank --version 0.1.0 widgets`");
    expect(renderRegistrySection([], "v0.1.0")).toBe("");
  });
});
