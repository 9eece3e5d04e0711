import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { seriousViolations } from "../support/accessibility.ts";
import { confirmPassword, expect, signUp, signUpAdmin, test } from "../support/fixtures.ts";

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
    await signUpAdmin(page, apps, username);
    await context.clearCookies();

    // Signed out: on to landing's login, which brings the person back to the page asked for.
    await page.goto(`${apps.adminUrl}/audit`);
    await expect(page).toHaveURL(
      `${apps.landingUrl}/login?returnTo=${encodeURIComponent(`${apps.adminUrl}/audit`)}`,
    );
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(`${apps.adminUrl}/audit`);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

    // Styled by the shared design (its stylesheets loaded under the CSP), keyboard first.
    await expect(page.locator("body")).toHaveCSS("display", "flex");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

    // The navigation of the frame: the sections, and who is signed in.
    const sections = page.getByRole("navigation", { name: "Console" });
    await expect(sections.getByRole("link", { name: "Audit log" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await sections.getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await page.getByLabel("Username starts with").fill(username);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`${apps.adminUrl}/?q=${username}`);
    await page.getByRole("link", { name: username, exact: true }).click();
    await expect(page.getByRole("heading", { name: username, level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Account" })).toContainText(username);

    // The sign-out form posts to landing, which ends the session for every app.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${apps.landingUrl}/`);
    await page.goto(`${apps.adminUrl}/`);
    await expect(page).toHaveURL(/\/login\?returnTo=/);
    expect(refusedByPolicy).toEqual([]);
  });
});

test("signed in without the admin role, the console answers with the 403 page", async ({
  page,
  apps,
  username,
}) => {
  await signUp(page, apps, username);
  const response = await page.goto(`${apps.adminUrl}/`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not for this account" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText(`You are signed in as ${username}`);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("the admin console's pages have no serious or critical accessibility violations", async ({
  browser,
  page,
  context,
  apps,
  username,
}) => {
  // Someone without the role, for the 403 page; and someone to act on.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, apps, `${username}-x`);
  const third = await browser.newContext();
  await signUp(await third.newPage(), apps, `${username}-y`);
  await third.close();

  await signUpAdmin(page, apps, username);
  await page.goto(`${apps.adminUrl}/?q=${username}`);
  await page.getByRole("link", { name: username, exact: true }).click();
  const ownPage = page.url();

  const pages: [string, () => Promise<unknown>][] = [
    ["users", () => page.goto(`${apps.adminUrl}/`)],
    ["users, no match", () => page.goto(`${apps.adminUrl}/?q=nobody-matches-this`)],
    ["a user's page", () => page.goto(ownPage)],
    ["audit log", () => page.goto(`${apps.adminUrl}/audit`)],
    ["confirm", () => page.goto(`${apps.adminUrl}/confirm?returnTo=%2Faudit`)],
    [
      "confirm, wrong password",
      async () => {
        await page.goto(`${apps.adminUrl}/confirm`);
        await page.getByLabel("Password", { exact: true }).fill("not the password");
        await page.getByRole("button", { name: "Confirm" }).click();
        await expect(page.getByRole("alert")).toHaveText("The current password is wrong.");
      },
    ],
    [
      "a user's page after an action",
      async () => {
        await page.goto(`${apps.adminUrl}/?q=${username}-y`);
        await page.getByRole("link", { name: `${username}-y`, exact: true }).click();
        await page.getByRole("button", { name: "Make admin" }).click();
        await confirmPassword(page);
        await page.getByRole("button", { name: "Make admin" }).click();
        await expect(page.getByRole("status")).toHaveText("This user is now an administrator.");
      },
    ],
    ["not found", () => page.goto(`${apps.adminUrl}/users/AAAAAAAAAAAAAAAAAAAAAA`)],
  ];
  const found: Record<string, string[]> = {};
  for (const [name, open] of pages) {
    await open();
    found[name] = await seriousViolations(page);
  }
  await otherPage.goto(`${apps.adminUrl}/`);
  found["403"] = await seriousViolations(otherPage);
  await other.close();
  await context.clearCookies();
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
});
