import { describe, expect, it } from "vitest";
import { bannerPullBody, renderReadmeBanner } from "../../../src/messages/readme-banner.js";
import { bannerBranch, bannerMarkers, bannerRemovalBranch, hasBanner, insertBanner, isMarkdownReadme, removeBanner } from "../../../src/rollback/readme-banner.js";

const banner = renderReadmeBanner({ tag: "v0.1.0", good: "v0.0.9", announcementUrl: "https://github.com/acme/widgets/issues/5" });

const READMES = [
  "# Widgets\n\nA library.\n",
  "",
  "\n\n# starts with blank lines\n",
  "no trailing newline",
  "# Windows\r\n\r\nline endings\r\n",
  "<h1 align=center>HTML first</h1>\n",
  "<!-- anvil:banner:v0.2.0 -->\n> other\n<!-- anvil:end-banner:v0.2.0 -->\n\n# With another banner\n",
  "# Mentions the marker text in prose: <!-- anvil:end-banner:v0.1.0 --> oops\n",
];

describe("README banner", () => {
  it("names the revoked version, the version to use and links the announcement", () => {
    expect(banner).toBe(
      "> [!CAUTION]\n> **v0.1.0 has been revoked.** Use **v0.0.9** instead. [Read the announcement](https://github.com/acme/widgets/issues/5) for what to do.",
    );
    expect(renderReadmeBanner({ tag: "v0.1.0", good: undefined, announcementUrl: "u" })).toContain("Do not use it until a fixed release is announced.");
    expect(renderReadmeBanner({ tag: "v0.1.1-drill.1", good: "v0.1.0", announcementUrl: "u", drill: true })).toContain("Rollback drill (not a real incident)");
  });

  it("goes at the very top, between markers naming the tag", () => {
    const out = insertBanner("# Widgets\n", "v0.1.0", banner);
    expect(out).toBe(`<!-- anvil:banner:v0.1.0 -->\n${banner}\n<!-- anvil:end-banner:v0.1.0 -->\n\n# Widgets\n`);
    expect(hasBanner(out, "v0.1.0")).toBe(true);
    expect(hasBanner(out, "v0.2.0")).toBe(false);
  });

  it.each(READMES.map((readme) => [JSON.stringify(readme).slice(0, 40), readme]))("insert then remove is byte-identical: %s", (_name, readme) => {
    const inserted = insertBanner(readme, "v0.1.0", banner);
    expect(inserted).not.toBe(readme);
    expect(removeBanner(inserted, "v0.1.0")).toBe(readme);
  });

  it.each(READMES.map((readme) => [JSON.stringify(readme).slice(0, 40), readme]))("inserting twice is inserting once: %s", (_name, readme) => {
    const once = insertBanner(readme, "v0.1.0", banner);
    expect(insertBanner(once, "v0.1.0", banner)).toBe(once);
    // A changed banner for the same tag replaces the old one in place.
    const changed = insertBanner(once, "v0.1.0", "> new text");
    expect(changed.match(/anvil:banner:v0\.1\.0/g)).toHaveLength(1);
    expect(removeBanner(changed, "v0.1.0")).toBe(readme);
  });

  it("keeps the file's CRLF line endings in the inserted block", () => {
    const out = insertBanner("# W\r\n", "v0.1.0", banner);
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("removes only the named tag's banner; other banners and human edits around it stay", () => {
    const two = insertBanner(insertBanner("# W\n", "v0.2.0", "> two"), "v0.1.0", banner);
    const edited = two.replace("# W", "# W, edited by a human");
    const out = removeBanner(edited, "v0.1.0");
    expect(out).toBe("<!-- anvil:banner:v0.2.0 -->\n> two\n<!-- anvil:end-banner:v0.2.0 -->\n\n# W, edited by a human\n");
    expect(removeBanner(out, "v0.1.0")).toBe(out);
  });

  it("removing a banner that is not there changes nothing", () => {
    for (const readme of READMES) expect(removeBanner(readme, "v9.9.9")).toBe(readme);
  });

  it("refuses tags that could break out of the HTML comment or the branch name", () => {
    for (const tag of ["v1 -->", "v1--x", "", "../v1", "v1\n", "a".repeat(65)]) expect(() => bannerMarkers(tag)).toThrow(RangeError);
    expect(bannerBranch("v0.1.0")).toBe("anvil/revoked-v0.1.0");
    expect(bannerRemovalBranch("v0.1.0")).toBe("anvil/resolved-v0.1.0");
  });

  it("only Markdown READMEs get a banner", () => {
    expect(["README.md", "docs/README.markdown", "readme.MD"].every(isMarkdownReadme)).toBe(true);
    expect(["README", "README.rst", "README.adoc", "README.txt"].some(isMarkdownReadme)).toBe(false);
  });

  it("the pull request says what it adds and what happens on resolution", () => {
    const body = bannerPullBody({ tag: "v0.1.0", good: "v0.0.9", announcementUrl: "https://a/5", incidentUrl: "https://a/4", readmePath: "README.md" });
    expect(body).toContain("[announcement](https://a/5), [incident](https://a/4)");
    expect(body).toContain(renderReadmeBanner({ tag: "v0.1.0", good: "v0.0.9", announcementUrl: "https://a/5" }));
    expect(body).toContain("never pushes to the default branch");
  });
});
