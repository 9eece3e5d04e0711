import { grantAdmin } from "@monorepo-auth/testing/admin-role";
import { postAsClient } from "@monorepo-auth/testing/client-request";
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import type { Page } from "@playwright/test";

import type { E2eApps } from "../support/env.ts";
import { confirmPassword, expect, signUp, test } from "../support/fixtures.ts";
import { shoot as shootAs } from "../support/screenshots.ts";

// The ones the README shows.
const MAIN = new Set([
  "landing-home-light",
  "landing-signup-light",
  "landing-login-error-dark",
  "landing-forgot-password-light",
  "landing-reset-password-light",
  "landing-two-step-light",
  "web-home-dark",
  "web-account-light",
  "admin-users-light",
  "admin-users-dark",
  "admin-user-light",
  "admin-user-dark",
  "admin-audit-light",
  "admin-audit-dark",
]);

async function shoot(page: Page, name: string) {
  await shootAs(page, name, MAIN.has(name));
}

// Names a reader can take in at a glance; the journeys' database is new on every run.
const PEOPLE = { light: "ada-lovelace", dark: "grace-hopper" };
// The administrators, and the people the admin console shows them.
const ADMINS = { light: "alan-turing", dark: "barbara-liskov" };
const CAST = ["edsger-dijkstra", "frances-allen", "hedy-lamarr"];
const DEVICES = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
];

/** Signs the cast up (once) and in from a phone and a laptop, so that they have sessions to show. */
async function signInCast(apps: E2eApps): Promise<void> {
  for (const [index, username] of CAST.entries()) {
    const person = { username, password: PASSWORD };
    const signedUp = await postAsClient(`${apps.landingUrl}/api/signup`, person, {
      origin: apps.landingUrl,
    });
    // 409: signed up, and signed in, by the other scheme's run already.
    expect([303, 409]).toContain(signedUp.status);
    if (signedUp.status === 409) continue;
    for (const userAgent of DEVICES.slice(0, index === 0 ? 2 : 1)) {
      const login = await postAsClient(`${apps.landingUrl}/api/login`, person, {
        origin: apps.landingUrl,
        userAgent,
      });
      expect(login.status).toBe(303);
    }
  }
}

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
      ["forgot-password", "/forgot-password"],
      ["reset-password", "/reset-password"],
      ["verify-email", "/verify-email"],
      ["two-step", "/two-step"],
      // Last: the next shot is of a failed login on this page.
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
    // An address just added: its verification link is on its way.
    await page.getByRole("textbox", { name: "Email address" }).fill(`${username}@example.com`);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Add address" }).click();
    await expect(page.getByText("Not verified")).toBeVisible();
    await shoot(page, `web-account-${scheme}`);
    await context.close();
  });
}

for (const scheme of ["light", "dark"] as const) {
  test(`the admin console, ${scheme}`, async ({ browser, apps }) => {
    const admin = ADMINS[scheme];
    await signInCast(apps);
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width: 1100, height: 760 },
    });
    const page = await context.newPage();
    await signUp(page, apps, admin);
    await grantAdmin({ dbName: apps.dbName }, admin);

    // A few actions for the log: a lock and an unlock, a session ended, a role given.
    const [first = "", second = "", third = ""] = CAST;
    await page.goto(`${apps.adminUrl}/?q=${second}`);
    await page.getByRole("link", { name: second }).click();
    await page.getByRole("button", { name: "Lock account" }).click();
    await confirmPassword(page);
    await page.getByRole("button", { name: "Lock account" }).click();
    await page.getByRole("button", { name: "Unlock account" }).click();
    await expect(page.getByRole("status")).toBeVisible();

    await page.goto(`${apps.adminUrl}/`);
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await shoot(page, `admin-users-${scheme}`);

    await page.goto(`${apps.adminUrl}/?q=${first}`);
    await page.getByRole("link", { name: first }).click();
    await expect(page.getByRole("heading", { name: first, level: 1 })).toBeVisible();
    await shoot(page, `admin-user-${scheme}`);
    // A role changed for the log: given by the first run, taken back by the second.
    await page.goto(`${apps.adminUrl}/?q=${third}`);
    await page.getByRole("link", { name: third }).click();
    await page.getByRole("button", { name: /^(Make|Remove) admin$/ }).click();
    await expect(page.getByRole("status")).toBeVisible();

    await page.goto(`${apps.adminUrl}/audit`);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await shoot(page, `admin-audit-${scheme}`);
    await context.close();
  });
}
