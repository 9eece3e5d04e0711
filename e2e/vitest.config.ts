import { defineProject } from "vitest/config";

// Unit tests of the journeys' support code; the journeys themselves run under Playwright.
export default defineProject({
  test: {
    name: "e2e-support",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["support/**/*.test.ts"],
  },
});
