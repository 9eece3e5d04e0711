import { expect, logIn, signUp, test } from "../support/fixtures.ts";

test("from one browser, revoke the other; then sign out everywhere ends both", async ({
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
  const sessions = page.locator(".session");
  await expect(sessions).toHaveCount(2);
  const otherRow = sessions.filter({ hasNot: page.getByText("This device") });
  await otherRow.getByRole("button", { name: "End session" }).click();
  await expect(sessions).toHaveCount(1);

  // The revoked browser is sent to landing at its next navigation.
  await otherPage.goto(`${apps.webUrl}/account`);
  await expect(otherPage).toHaveURL(`${apps.landingUrl}/login?returnTo=%2Faccount`);

  // Signed in again there: two sessions; sign out everywhere ends both.
  await logIn(otherPage, apps, username);
  await page.reload();
  await expect(sessions).toHaveCount(2);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
  await otherPage.goto(`${apps.webUrl}/`);
  await expect(otherPage).toHaveURL(`${apps.landingUrl}/login?returnTo=%2F`);
  await other.close();
});
