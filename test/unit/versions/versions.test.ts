import { describe, expect, it } from "vitest";
import { compareTags, isNewerVersion, isPlausibleTag, sameVersion, tagCandidates, versionOf } from "../../../src/versions/versions.js";

describe("versions", () => {
  it("reads a tag's version with or without v", () => {
    expect(versionOf("v1.2.3")).toBe("1.2.3");
    expect(versionOf("1.2.3-rc.1")).toBe("1.2.3-rc.1");
    expect(versionOf("release-1")).toBeNull();
    expect(versionOf("vv1.2.3")).toBeNull();
  });
  it("compares releases, not spellings", () => {
    expect(sameVersion("v0.1.0", "0.1.0")).toBe(true);
    expect(sameVersion("v0.1.0", "v0.1.1")).toBe(false);
    expect(sameVersion("nightly", "nightly")).toBe(true);
    expect(isNewerVersion("v0.1.1", "0.1.0")).toBe(true);
    expect(isNewerVersion("v0.1.0-rc.1", "v0.1.0")).toBe(false);
    expect(["v0.10.0", "v0.9.0", "v0.1.0"].sort(compareTags)).toEqual(["v0.1.0", "v0.9.0", "v0.10.0"]);
    expect(tagCandidates("0.1.0")).toEqual(["0.1.0", "v0.1.0"]);
  });
  it("accepts only plausible tags from commands", () => {
    for (const bad of ["latest", "../v1.0.0", "v1.0.0;rm", `v${"1".repeat(70)}.0.0`, ""]) expect(isPlausibleTag(bad)).toBe(false);
    expect(isPlausibleTag("v1.0.0")).toBe(true);
  });
});
