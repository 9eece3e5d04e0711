import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { expect, logIn, signUp, submitLogin, test } from "../support/fixtures.ts";

const NEW_PASSWORD = "battery staple 9";

test("change password: the other browser is out, the old password refused, the new one works", async ({
  browser,
  page,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await logIn(otherPage, apps, username);

  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("Current password").fill("a wrong guess");
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.").first()).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. 1 other session ended.")).toBeVisible();

  await otherPage.goto(`${apps.webUrl}/`);
  await expect(otherPage).toHaveURL(`${apps.landingUrl}/login?returnTo=%2F`);
  await submitLogin(otherPage, apps, username, PASSWORD);
  await expect(otherPage.getByRole("alert")).toHaveText("Wrong username or password.");
  await logIn(otherPage, apps, username, NEW_PASSWORD);

  // The browser that made the change is still signed in.
  await page.goto(`${apps.webUrl}/`);
  await expect(page.getByRole("heading", { name: `Hello, ${username}` })).toBeVisible();
  await other.close();
});
