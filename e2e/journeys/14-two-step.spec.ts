// An authenticator app in the browser: set up on the account page (the journey computes the
// codes from the key the page shows, as an app would), sign out, sign in with the password
// and a code; sign in with a recovery code; turn the app off.
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { authenticatorCode } from "@monorepo-auth/testing/totp";
import type { Page } from "@playwright/test";

import type { E2eApps } from "../support/env.ts";
import { expect, signUp, submitLogin, test } from "../support/fixtures.ts";

/** On the account page: turns the app on; returns its key and recovery codes. */
async function setUpApp(page: Page, apps: E2eApps) {
  await page.goto(`${apps.webUrl}/account`);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = page.getByLabel("Key", { exact: true });
  await expect(key).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = ((await key.textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill(authenticatorCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Save these now")).toBeVisible();
  const codes = await page.locator(".recovery-codes code").allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByRole("link", { name: "I have saved them" }).click();
  return { secret, codes };
}

async function signOut(page: Page, apps: E2eApps) {
  await page.goto(`${apps.webUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
}

test("set up an authenticator app, then sign in with the password and a code", async ({
  page,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  const { secret } = await setUpApp(page, apps);
  await signOut(page, apps);

  await submitLogin(page, apps, username, PASSWORD);
  await expect(page).toHaveURL(`${apps.landingUrl}/two-step`);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  // No session yet: web sends the person back to log in.
  const web = await page.context().newPage();
  await web.goto(`${apps.webUrl}/account`);
  await expect(web).toHaveURL(/\/login\?returnTo=/);
  await web.close();

  await page.getByLabel("Code", { exact: true }).fill(authenticatorCode(secret, new Date(), 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText("password and app code").first()).toBeVisible();
});

test("sign in with a recovery code, then turn the app off", async ({ page, apps, username }) => {
  await signUp(page, apps, username);
  const { secret, codes } = await setUpApp(page, apps);
  await signOut(page, apps);

  await submitLogin(page, apps, username, PASSWORD);
  await page.getByLabel("Code", { exact: true }).fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("status")).toContainText("You have 9 recovery codes left.");
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("Password to turn it off").fill(PASSWORD);
  await page.getByLabel("Code (or a recovery code)").fill(authenticatorCode(secret, new Date(), 1));
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();

  await signOut(page, apps);
  await submitLogin(page, apps, username, PASSWORD);
  await expect(page).toHaveURL(`${apps.webUrl}/`);
});
