import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** `npm run lint` enforces the direction of imports (eslint.config.js); these plant violations. */
const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("lint: the pure core imports nothing from the shell; github/ nothing from the domain", () => {
  it.each([
    ["src/versions/planted.ts", 'import { getRelease } from "../github/releases.js";\nexport const planted = getRelease;\n'],
    ["src/checklists/planted.ts", 'import type { GitHub } from "../github/types.js";\nexport type Planted = GitHub;\n'],
    ["src/rollback/planted.ts", 'import { loadConfig } from "../shell/config/load-config.js";\nexport const planted = loadConfig;\n'],
    ["src/markdown/planted.ts", 'import { readFileSync } from "node:fs";\nexport const planted = readFileSync;\n'],
    ["src/messages/planted.ts", 'import type { Probot } from "probot";\nexport type Planted = Probot;\n'],
    ["src/github/planted.ts", 'import { markerCodec } from "../markers/codec.js";\nexport const planted = markerCodec;\n'],
  ])("%s fails", async (filePath, code) => {
    expect(await ruleIds(filePath, code)).toContain("no-restricted-imports");
  });

  it("also through import()", async () => {
    expect(await ruleIds("src/config/planted.ts", 'export const planted = () => import("../runtime/background-work.js");\n')).toContain("no-restricted-syntax");
  });

  it("allowed arrows pass: pure to pure, shell to github", async () => {
    expect(await ruleIds("src/rollback/planted.ts", 'import { versionOf } from "../versions/versions.js";\nexport const planted = versionOf;\n')).toEqual([]);
    expect(await ruleIds("src/shell/planted.ts", 'import { hasStatus } from "../github/types.js";\nexport const planted = hasStatus;\n')).toEqual([]);
  });
});
