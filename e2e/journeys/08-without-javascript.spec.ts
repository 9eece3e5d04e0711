import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { expect, logIn, signUp, test } from "../support/fixtures.ts";

test.use({ javaScriptEnabled: false });

test("with JavaScript off: sign up, sign out, log in, change password, sign out again", async ({
  page,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  await expect(page.getByRole("heading", { name: `Hello, ${username}` })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);

  await logIn(page, apps, username);
  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("battery staple 9");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).last().click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
  await logIn(page, apps, username, "battery staple 9");
});
