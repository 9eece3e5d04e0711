import { defineProject } from "vitest/config";

// Integration tests start the production builds of the three apps and talk to them over
// HTTP (test/); unit tests of the server's small rules sit beside them (src/**/*.test.ts).
export default defineProject({
  test: {
    name: "admin",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
