import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { uniqueUsername } from "@monorepo-auth/testing/unique";

import {
  confirmPassword,
  expect,
  signUp,
  signUpAdmin,
  submitLogin,
  test,
} from "../support/fixtures.ts";

test("an administrator locks a user whose page is open elsewhere: their next request is a login, which says the account is locked", async ({
  browser,
  page,
  apps,
  username,
}) => {
  // The user, on their account page in a browser of their own.
  const victim = uniqueUsername("j");
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await signUp(theirPage, apps, victim);
  await theirPage.goto(`${apps.webUrl}/account`);
  await expect(theirPage.getByRole("heading", { name: "Your account" })).toBeVisible();

  // The administrator finds them and locks the account, confirming the password on the way.
  await signUpAdmin(page, apps, username);
  await page.goto(`${apps.adminUrl}/`);
  await page.getByLabel("Username starts with").fill(victim);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: victim, exact: true }).click();
  await page.getByRole("button", { name: "Lock account" }).click();
  await confirmPassword(page);
  await page.getByRole("button", { name: "Lock account" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "The account is locked, and every session of it has ended.",
  );
  await expect(page.getByRole("button", { name: "Unlock account" })).toBeVisible();

  // Their very next request finds them signed out; logging in says why.
  await theirPage.reload();
  await expect(theirPage).toHaveURL(`${apps.landingUrl}/login?returnTo=%2Faccount`);
  await theirPage.getByLabel("Username").fill(victim);
  await theirPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await theirPage.getByRole("button", { name: "Log in" }).click();
  await expect(theirPage.getByRole("alert")).toHaveText(
    "This account is locked. Please contact an administrator.",
  );

  // Unlocked, they are let in again.
  await page.getByRole("button", { name: "Unlock account" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "The account is unlocked: its owner can sign in again.",
  );
  await submitLogin(theirPage, apps, victim, PASSWORD);
  await expect(theirPage).toHaveURL(`${apps.webUrl}/`);
  await theirs.close();
});

test("step-up: a destructive action asks for the password, then completes", async ({
  browser,
  page,
  apps,
  username,
}) => {
  const someone = uniqueUsername("j");
  const theirs = await browser.newContext();
  await signUp(await theirs.newPage(), apps, someone);

  await signUpAdmin(page, apps, username);
  await page.goto(`${apps.adminUrl}/?q=${someone}`);
  await page.getByRole("link", { name: someone, exact: true }).click();
  const userPage = page.url();
  await expect(page.getByText("a confirmation lasts 10 minutes")).toBeVisible();
  await page.getByRole("button", { name: "End all sessions" }).click();

  // Asked for the password, told for how long it counts; a wrong one is said so, beside it.
  await expect(page).toHaveURL(
    `${apps.adminUrl}/confirm?returnTo=${encodeURIComponent(new URL(userPage).pathname)}`,
  );
  await expect(page.getByText("it lasts 10 minutes")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("alert")).toHaveText("The current password is wrong.");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );

  // The right one leads back, and the action goes through.
  await confirmPassword(page);
  await expect(page).toHaveURL(userPage);
  await expect(page.getByText(/Your password is confirmed until/)).toBeVisible();
  await page.getByRole("button", { name: "End all sessions" }).click();
  await expect(page.getByRole("status")).toHaveText("Every session of this user has ended.");
  await expect(page.getByText("No live session: this user is signed in nowhere.")).toBeVisible();
  await theirs.close();
});
