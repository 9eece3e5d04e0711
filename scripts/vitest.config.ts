import { defineProject } from "vitest/config";

// The scripts' own logic: what counts as passed, failed or skipped (judged from fabricated
// reports), the Node version guard, and `npm run admin` against the test database.
export default defineProject({
  test: {
    name: "scripts",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
  },
});
