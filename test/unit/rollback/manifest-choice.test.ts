import { describe, expect, it } from "vitest";
import { chooseManifest, parseManifest, type PackageManifest } from "../../../src/rollback/manifest.js";

const manifest = (file: string, content: string) => parseManifest(file, content) as PackageManifest;
const pyproject = manifest("pyproject.toml", '[project]\nname = "widgets"\nversion = "0.1.0"\n');
const docsSite = manifest("package.json", '{ "name": "widgets-docs", "version": "1.4.0", "private": true }');
const subfolder = manifest("python/pyproject.toml", '[project]\nname = "widgets-core"\nversion = "0.1.0"\n');
const cargo = manifest("Cargo.toml", '[package]\nname = "widgets-rs"\nversion = "0.0.1"\n');

describe("which manifest describes what the release ships", () => {
  it("the root pyproject over a docs site's private package.json, whatever the order found", () => {
    expect(chooseManifest([docsSite, pyproject], "0.1.0")?.file).toBe("pyproject.toml");
    expect(chooseManifest([pyproject, docsSite], "0.1.0")?.file).toBe("pyproject.toml");
  });

  it("the root over a subfolder; the one holding the revoked version over another", () => {
    expect(chooseManifest([subfolder, cargo], "0.1.0")?.file).toBe("Cargo.toml");
    expect(chooseManifest([cargo, pyproject], "0.1.0")?.file).toBe("pyproject.toml");
    expect(chooseManifest([pyproject, cargo], "0.0.1")?.file).toBe("Cargo.toml");
  });

  it("the configured version file first", () => {
    expect(chooseManifest([pyproject, subfolder], "0.1.0", "python/pyproject.toml")?.file).toBe("python/pyproject.toml");
  });

  it("none found: undefined", () => {
    expect(chooseManifest([], "0.1.0")).toBeUndefined();
  });
});
