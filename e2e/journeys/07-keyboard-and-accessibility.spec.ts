import { seriousViolations } from "../support/accessibility.ts";
import { expect, signUp, test } from "../support/fixtures.ts";

test("sign up and log in with the keyboard alone", async ({ page, context, apps, username }) => {
  await page.goto(`${apps.landingUrl}/signup`);
  // The username field has the focus on arrival.
  await page.keyboard.type(username);
  // The optional address comes next; left empty.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email address (optional)")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("correct horse 7");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  await context.clearCookies();
  await page.goto(`${apps.landingUrl}/login`);
  await expect(page.getByLabel("Username")).toBeFocused();
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type("correct horse 7");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  // The skip link is the first stop and leads to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
});

test("no serious or critical accessibility violations on any page", async ({
  page,
  context,
  apps,
  username,
}) => {
  const pages: [string, () => Promise<unknown>][] = [
    ["landing /", () => page.goto(`${apps.landingUrl}/`)],
    ["landing /signup", () => page.goto(`${apps.landingUrl}/signup`)],
    ["landing /login", () => page.goto(`${apps.landingUrl}/login`)],
    [
      "landing /login with an error",
      async () => {
        await page.goto(`${apps.landingUrl}/login`);
        await page.getByLabel("Username").fill("nobody-at-all");
        await page.getByLabel("Password").fill("wrong guess");
        await page.getByRole("button", { name: "Log in" }).click();
        await expect(page.getByRole("alert")).toBeVisible();
      },
    ],
    ["landing 404", () => page.goto(`${apps.landingUrl}/no-such-page`)],
    ["landing /forgot-password", () => page.goto(`${apps.landingUrl}/forgot-password`)],
    ["landing /reset-password", () => page.goto(`${apps.landingUrl}/reset-password`)],
    [
      "landing /verify-email with a spent link",
      async () => {
        // Opened from another page: a fragment alone would not load the page again.
        await page.goto(`${apps.landingUrl}/verify-email#not.a-real-token`);
        await page.getByRole("button", { name: "Verify my address" }).click();
        await expect(page.getByRole("alert")).toBeVisible();
      },
    ],
    ["landing /verify-email", () => page.goto(`${apps.landingUrl}/verify-email`)],
    ["landing /two-step", () => page.goto(`${apps.landingUrl}/two-step`)],
  ];
  const signedIn: [string, () => Promise<unknown>][] = [
    ["web /", () => page.goto(`${apps.webUrl}/`)],
    ["web /account", () => page.goto(`${apps.webUrl}/account`)],
    ["web 404", () => page.goto(`${apps.webUrl}/no-such-page`)],
  ];

  const found: Record<string, string[]> = {};
  for (const [name, open] of pages) {
    await open();
    found[name] = await seriousViolations(page);
  }
  await signUp(page, apps, username);
  for (const [name, open] of signedIn) {
    await open();
    found[name] = await seriousViolations(page);
  }
  await context.clearCookies();
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
});
