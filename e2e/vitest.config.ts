import { defineProject } from "vitest/config";

// Unit tests of the journeys' support code; the journeys themselves run under Playwright.
export default defineProject({
  test: {
    name: "e2e-support",
    include: ["support/**/*.test.ts"],
  },
});
