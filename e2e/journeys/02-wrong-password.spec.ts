import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { expect, signUp, submitLogin, test } from "../support/fixtures.ts";

test("a wrong password shows the message by the form and keeps the username; the right one gets in and stays in", async ({
  page,
  context,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  await context.clearCookies();

  await submitLogin(page, apps, username, "not the password");
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page.getByLabel("Username")).toHaveValue(username);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  await page.reload();
  await expect(page.getByRole("heading", { name: `Hello, ${username}` })).toBeVisible();

  // Coming back to log in while signed in goes straight to the web app.
  await page.goto(`${apps.landingUrl}/login`);
  await expect(page).toHaveURL(`${apps.webUrl}/`);
});
