import { defineProject } from "vitest/config";

// The house rules' own tests: a wrong-way import fails lint.
export default defineProject({
  test: {
    name: "eslint-rules",
    // Refused everywhere, not only under CI (the default): a stray `.only` skips the rest.
    allowOnly: false,
    include: ["rules/**/*.test.js"],
  },
});
