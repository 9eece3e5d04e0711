import { defineProject } from "vitest/config";

// Integration tests: they start the production build of this app and talk to it over HTTP.
export default defineProject({
  test: {
    name: "landing",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
