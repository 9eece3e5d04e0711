import { defineConfig } from "@playwright/test";

import { chromiumLaunchOptions } from "./support/browser.ts";

// Journeys across both apps, against their production builds and the real database
// (started by `npm test`). A failing journey leaves a trace and a screenshot in
// e2e/.artifacts/results.
export default defineConfig({
  testDir: "journeys",
  outputDir: ".artifacts/results",
  globalSetup: "./global-setup.ts",
  // A stray `.only` would run one journey and skip the rest; refused everywhere, not only on CI.
  forbidOnly: true,
  // One browser at a time: two app servers, the database and Chromium share two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions(),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
