import { landingAccepts, webAccepts } from "@monorepo-auth/testing/token-accepted";

import { expect, sessionCookie, signUp, test } from "../support/fixtures.ts";

test("sign up on landing, arrive on web greeted by name, sign out on web, the old cookie is dead on both", async ({
  page,
  context,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  await expect(page.getByRole("heading", { name: `Hello, ${username}` })).toBeVisible();
  await expect(page.getByTestId("session-badge")).toContainText(username);

  // A signed-in visitor of landing is sent straight back to the web app.
  await page.goto(`${apps.landingUrl}/`);
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  const cookie = await sessionCookie(context);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  const token = cookie?.value ?? "";

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
  expect(await sessionCookie(context)).toBeUndefined();

  // Replayed outside the browser, the old token is refused by both apps.
  expect(await webAccepts(apps.webUrl, token)).toBe(false);
  expect(await landingAccepts(apps.landingUrl, token)).toBe(false);
  await page.goto(`${apps.webUrl}/`);
  await expect(page).toHaveURL(`${apps.landingUrl}/login?returnTo=%2F`);
});
