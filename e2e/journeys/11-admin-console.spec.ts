import AxeBuilder from "@axe-core/playwright";

import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { expect, signUp, test } from "../support/fixtures.ts";

test.describe("without JavaScript, as the admin console needs none", () => {
  test.use({ javaScriptEnabled: false });

  test("the admin console: sent to log in, back where one was, signed out from there", async ({
    page,
    context,
    apps,
    username,
  }) => {
    const refusedByPolicy: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await signUp(page, apps, username);
    await context.clearCookies();

    // Signed out: on to landing's login, which brings the person back to the page asked for.
    await page.goto(`${apps.adminUrl}/`);
    await expect(page).toHaveURL(
      `${apps.landingUrl}/login?returnTo=${encodeURIComponent(`${apps.adminUrl}/`)}`,
    );
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(`${apps.adminUrl}/`);
    await expect(
      page.getByRole("heading", { name: `Admin console — signed in as ${username}` }),
    ).toBeVisible();

    // Styled by the shared design (its stylesheets loaded under the CSP), keyboard first.
    await expect(page.locator("body")).toHaveCSS("display", "flex");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

    // The sign-out form posts to landing, which ends the session for every app.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${apps.landingUrl}/`);
    await page.goto(`${apps.adminUrl}/`);
    await expect(page).toHaveURL(/\/login\?returnTo=/);
    expect(refusedByPolicy).toEqual([]);
  });
});

test("the admin console's pages have no serious or critical accessibility violations", async ({
  page,
  context,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  const found: Record<string, string[]> = {};
  for (const path of ["/", "/no-such-page"]) {
    await page.goto(`${apps.adminUrl}${path}`);
    const results = await new AxeBuilder({ page }).analyze();
    found[path] = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => violation.id);
  }
  await context.clearCookies();
  expect(found).toEqual({ "/": [], "/no-such-page": [] });
});
