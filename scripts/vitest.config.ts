import { defineProject } from "vitest/config";

// The test command's own logic: what counts as passed, failed or skipped, judged from
// fabricated reports. No database, no servers.
export default defineProject({
  test: {
    name: "scripts",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["**/*.test.ts"],
  },
});
