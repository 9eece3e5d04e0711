import { defineProject } from "vitest/config";

// Integration tests: they start the production build of this app (and landing's) and talk
// to them over HTTP.
export default defineProject({
  test: {
    name: "admin",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
