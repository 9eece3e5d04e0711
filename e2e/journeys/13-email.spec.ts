// Email in the browser, with the mail read from the tests' Mailpit: an address given at
// sign-up and verified by its link; a forgotten password reset through the mailed link,
// ending the other sessions; the address changed on the account page; spent and expired
// links refused with a clear page. The token never stays in the address bar, and the
// pages a link opens send no Referer (ML-08).
import { expireMailedLinks } from "@monorepo-auth/testing/mail-tokens";
import { linkIn, waitForMail } from "@monorepo-auth/testing/mailpit";
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { uniqueEmail } from "@monorepo-auth/testing/unique";
import type { Page } from "@playwright/test";

import type { E2eApps } from "../support/env.ts";
import { expect, logIn, test } from "../support/fixtures.ts";

const NEW_PASSWORD = "a new secret 42";

/** Signs up on landing's form with an address; arrives on web. */
async function signUpWithEmail(page: Page, apps: E2eApps, username: string, email: string) {
  await page.goto(`${apps.landingUrl}/signup`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
}

/** The newest link to `path` mailed to `email`, once `count` such mails arrived. */
async function mailedLink(apps: E2eApps, email: string, path: string, count = 1) {
  const subject = path === "/verify-email" ? /^Verify/ : /^Reset/;
  const [mail] = await waitForMail(email, { count, subject });
  if (!mail) throw new Error("no mail");
  return linkIn(mail, `${apps.landingUrl}${path}#`);
}

/** Opens a mailed link: the script takes the token out of the address bar. */
async function openLink(page: Page, link: string) {
  await page.goto(link);
  const bare = link.split("#")[0] ?? "";
  await expect(page).toHaveURL(bare);
  await expect(page.getByLabel("The link from the mail")).toBeHidden();
}

test("ML-08: sign up with an address, verify it by the mailed link; the link's page sends no Referer", async ({
  page,
  apps,
  username,
}) => {
  const email = uniqueEmail("journey");
  await signUpWithEmail(page, apps, username, email);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText("Not verified")).toBeVisible();

  const link = await mailedLink(apps, email, "/verify-email");
  await openLink(page, link);
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "Address verified" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(email);

  const referers: (string | undefined)[] = [];
  page.on("request", (request) => {
    // The navigation itself; web's own page then loads its files with its own URL.
    if (request.isNavigationRequest() && request.url().startsWith(apps.webUrl)) {
      referers.push(request.headers().referer);
    }
  });
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/account`);
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  expect(referers.length).toBeGreaterThan(0);
  expect(referers.every((referer) => referer === undefined)).toBe(true);

  // Spent: the same link again gets a clear page.
  await openLink(page, link);
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText(
    "This link is not valid: it was used already, or a newer one was sent.",
  );
});

test("forget the password, reset it through the mailed link: the other sessions end, this browser is in", async ({
  browser,
  page,
  apps,
  username,
}) => {
  const email = uniqueEmail("forgetful");
  await signUpWithEmail(page, apps, username, email);
  await openLink(page, await mailedLink(apps, email, "/verify-email"));
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "Address verified" })).toBeVisible();

  // Signed in elsewhere too.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await logIn(otherPage, apps, username);

  const fresh = await browser.newContext();
  const forgetful = await fresh.newPage();
  await forgetful.goto(`${apps.landingUrl}/login`);
  await forgetful.getByRole("link", { name: "Forgot password?" }).click();
  await forgetful.getByLabel("Username or email address").fill(username);
  await forgetful.getByRole("button", { name: "Send reset link" }).click();
  await expect(forgetful.getByRole("status")).toContainText("If an account matches");

  await openLink(forgetful, await mailedLink(apps, email, "/reset-password"));
  await forgetful.getByLabel("New password").fill("password123");
  await forgetful.getByRole("button", { name: "Set new password" }).click();
  await expect(forgetful.getByRole("alert")).toContainText("too common");
  await forgetful.getByLabel("New password").fill(NEW_PASSWORD);
  await forgetful.getByRole("button", { name: "Set new password" }).click();
  await expect(forgetful).toHaveURL(`${apps.webUrl}/`);
  await expect(forgetful.getByTestId("session-badge")).toContainText(username);

  // Both earlier sessions are over.
  for (const signedOut of [page, otherPage]) {
    await signedOut.goto(`${apps.webUrl}/account`);
    await expect(signedOut).toHaveURL(/\/login\?returnTo=/);
  }
  await logIn(otherPage, apps, username, NEW_PASSWORD);
  await waitForMail(email, { subject: /password was changed$/ });
  await Promise.all([other.close(), fresh.close()]);
});

test("change the address on the account page; an expired link gets a clear page", async ({
  page,
  apps,
  username,
}) => {
  const first = uniqueEmail("before");
  await signUpWithEmail(page, apps, username, first);
  await openLink(page, await mailedLink(apps, first, "/verify-email"));
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "Address verified" })).toBeVisible();

  const second = uniqueEmail("after");
  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("New email address").fill(second);
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change address" }).click();
  await expect(page.getByText(`We sent a link to ${second}.`)).toBeVisible();
  await expect(page.getByText("Not verified")).toBeVisible();
  await waitForMail(first, { subject: /was changed$/ });

  // The link's time runs out before it is followed.
  const link = await mailedLink(apps, second, "/verify-email");
  await expireMailedLinks(apps.dbName, second);
  await openLink(page, link);
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText("This link has expired. Ask for a new one.");

  // A new one, asked from the account page, works.
  await page.goto(`${apps.webUrl}/account`);
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText(`We sent a link to ${second}.`)).toBeVisible();
  await openLink(page, await mailedLink(apps, second, "/verify-email", 2));
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("heading", { name: "Address verified" })).toBeVisible();
});
