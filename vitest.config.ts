import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // e2e suites start real server processes; keep file-level parallelism modest on 2-core CI.
    maxWorkers: 2,
  },
});
