import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "mail",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["src/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
