import { defineConfig } from "vitest/config";

// One run over every workspace's tests; `npm test` starts the database they share.
// Each project sets `allowOnly: false` itself: a project file does not inherit this config.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "security/vitest.config.ts",
      "scripts/vitest.config.ts",
      "e2e/vitest.config.ts",
      "tooling/eslint/vitest.config.js",
    ],
  },
});
