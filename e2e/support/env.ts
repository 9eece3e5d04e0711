// The only reader of process.env in the journeys. The global set-up starts the apps and
// writes where they listen here (the test client reads MONGODB_URI, which `npm test` sets).
import { findChromium } from "./chromium-path.ts";

export interface E2eApps {
  landingUrl: string;
  webUrl: string;
  adminUrl: string;
  dbName: string;
}

export function e2eApps(): E2eApps {
  const { E2E_LANDING_URL, E2E_WEB_URL, E2E_ADMIN_URL, E2E_DB_NAME } = process.env;
  if (!E2E_LANDING_URL || !E2E_WEB_URL || !E2E_ADMIN_URL || !E2E_DB_NAME) {
    throw new Error("The apps are not running: run the journeys through `npm test`");
  }
  return {
    landingUrl: E2E_LANDING_URL,
    webUrl: E2E_WEB_URL,
    adminUrl: E2E_ADMIN_URL,
    dbName: E2E_DB_NAME,
  };
}

export function publishE2eApps(apps: E2eApps): void {
  process.env.E2E_LANDING_URL = apps.landingUrl;
  process.env.E2E_WEB_URL = apps.webUrl;
  process.env.E2E_ADMIN_URL = apps.adminUrl;
  process.env.E2E_DB_NAME = apps.dbName;
}

/** When set, the screenshot journey also refreshes the ones committed in docs/screenshots. */
export function updateCommittedScreenshots(): boolean {
  return process.env.UPDATE_SCREENSHOTS === "1";
}

/** CHROMIUM_PATH, else a system Chromium or Chrome, else undefined: Playwright's own. */
export function chromiumPath(): string | undefined {
  return findChromium(process.env.CHROMIUM_PATH);
}
