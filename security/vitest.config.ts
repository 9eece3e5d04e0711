import { defineProject } from "vitest/config";

// Faults, floods and scale-out against the production builds of both apps. Files run one
// after another: each starts its own servers and some load the machine on purpose.
export default defineProject({
  test: {
    name: "security",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
