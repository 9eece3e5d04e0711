import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { Page } from "@playwright/test";

import { updateCommittedScreenshots } from "../support/env.ts";
import { expect, signUp, test } from "../support/fixtures.ts";

const ARTIFACTS = fileURLToPath(new URL("../.artifacts/screenshots/", import.meta.url));
const COMMITTED = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
// The ones the README shows.
const MAIN = new Set([
  "landing-home-light",
  "landing-signup-light",
  "landing-login-error-dark",
  "web-home-dark",
  "web-account-light",
]);

async function shoot(page: Page, name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  if (updateCommittedScreenshots() && MAIN.has(name)) {
    await mkdir(COMMITTED, { recursive: true });
    await copyFile(path, `${COMMITTED}${name}.png`);
  }
}

// Names a reader can take in at a glance; the journeys' database is new on every run.
const PEOPLE = { light: "ada-lovelace", dark: "grace-hopper" };

for (const scheme of ["light", "dark"] as const) {
  test(`every page, ${scheme}`, async ({ browser, apps }) => {
    const username = PEOPLE[scheme];
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width: 1100, height: 760 },
    });
    const page = await context.newPage();
    for (const [name, path] of [
      ["home", "/"],
      ["signup", "/signup"],
      ["login", "/login"],
    ]) {
      await page.goto(`${apps.landingUrl}${path ?? "/"}`);
      await shoot(page, `landing-${name ?? ""}-${scheme}`);
    }
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill("wrong guess");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await shoot(page, `landing-login-error-${scheme}`);

    await signUp(page, apps, username);
    await expect(page.getByTestId("session-badge")).toBeVisible();
    await shoot(page, `web-home-${scheme}`);
    await page.goto(`${apps.webUrl}/account`);
    await shoot(page, `web-account-${scheme}`);
    await context.close();
  });
}
