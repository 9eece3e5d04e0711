// What the journeys do through the browser; everything else (passwords, unique names,
// asking an app about a token, making an administrator) comes from the shared test client.
import { grantAdmin } from "@monorepo-auth/testing/admin-role";
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { uniqueUsername } from "@monorepo-auth/testing/unique";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

import { e2eApps, type E2eApps } from "./env.ts";

export const test = base.extend<{ apps: E2eApps; username: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture uses from this pattern
  apps: async ({}, use) => {
    await use(e2eApps());
  },
  // A username no other journey uses: journeys share one database.
  // eslint-disable-next-line no-empty-pattern -- as above
  username: async ({}, use) => {
    await use(uniqueUsername("j"));
  },
});

export { expect };

/** What the helpers below use: a journey that starts apps of its own gives just these. */
type SignInApps = Pick<E2eApps, "landingUrl" | "webUrl">;

/** Signs up on landing through the form and waits to arrive on the web app. */
export async function signUp(page: Page, apps: SignInApps, username: string, password = PASSWORD) {
  await page.goto(`${apps.landingUrl}/signup`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
}

/** Logs in on landing through the form; does not wait for where it leads. */
export async function submitLogin(
  page: Page,
  apps: SignInApps,
  username: string,
  password: string,
) {
  await page.goto(`${apps.landingUrl}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function logIn(page: Page, apps: SignInApps, username: string, password = PASSWORD) {
  await submitLogin(page, apps, username, password);
  await expect(page).toHaveURL(`${apps.webUrl}/`);
}

/** The session cookie a browser context holds, or undefined. */
export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name.endsWith("session"));
}

/**
 * Signs up on landing through the form, and makes the person an administrator as in
 * production: with `npm run admin -- grant <username>`, on the journeys' database.
 */
export async function signUpAdmin(
  page: Page,
  apps: SignInApps & Pick<E2eApps, "dbName">,
  username: string,
  password = PASSWORD,
) {
  await signUp(page, apps, username, password);
  await grantAdmin({ dbName: apps.dbName }, username);
}

/** On the admin console's step-up page: confirms the password, and waits to be sent back. */
export async function confirmPassword(page: Page, password = PASSWORD) {
  await expect(page.getByRole("heading", { name: "Confirm your password" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).not.toHaveURL(/\/confirm/);
}
