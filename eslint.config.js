import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The direction of dependencies (issue 10): the pure core does no I/O and knows nothing of
 * GitHub, Probot or the process; `github/` knows nothing of Anvil's domain.
 */
const PURE_CORE = ["checklists", "rollback", "config", "markdown", "markers", "versions", "messages"].map((folder) => `src/${folder}/**`);

const pureCoreImports = {
  paths: [
    { name: "probot", message: "The pure core does not know Probot: take plain data, return plain data; the shell calls it." },
    ...["fs", "node:fs", "fs/promises", "node:fs/promises"].map((name) => ({ name, message: "The pure core does no I/O: read files in the shell and pass the text in." })),
  ],
  patterns: [
    { group: ["**/github/**", "**/shell/**", "**/runtime/**", "**/queue/**", "**/handlers/**"], message: "The pure core does no I/O: the shell (src/shell/) calls GitHub and hands the results to pure functions." },
  ],
};

const githubImports = {
  patterns: [
    { group: ["**/markers/**", "**/messages/**", "**/checklists/**", "**/rollback/**"], message: "src/github/ is GitHub capabilities only: no Anvil domain (markers, messages, checklists, rollback); the shell combines them." },
  ],
};

export default tseslint.config(
  { ignores: ["lib/", "node_modules/", "coverage/", ".sandbox/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: PURE_CORE,
    rules: {
      "no-restricted-imports": ["error", pureCoreImports],
      // no-restricted-imports does not look at `import()`.
      "no-restricted-syntax": ["error", {
        selector: "ImportExpression[source.value=/(^|\\/)(github|shell|runtime|queue|handlers)\\/|^probot$|^(node:)?fs(\\/|$)/]",
        message: "The pure core does no I/O, not even through a dynamic import().",
      }],
    },
  },
  {
    files: ["src/github/**"],
    rules: {
      "no-restricted-imports": ["error", githubImports],
      "no-restricted-syntax": ["error", {
        selector: "ImportExpression[source.value=/(^|\\/)(markers|messages|checklists|rollback)\\//]",
        message: "src/github/ is GitHub capabilities only, not even through a dynamic import().",
      }],
    },
  },
);
