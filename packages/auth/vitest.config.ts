import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "auth",
    include: ["src/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
