// Signing in through an OpenID provider in Chromium, against a real one running here
// (oidc-provider, whose own login and consent pages the browser clicks through): sign up and
// land on web; sign out and back in; link the provider to a password account from the account
// page, then unlink it; and an account with an authenticator app is still asked for its code.
import { freePort } from "@monorepo-auth/testing/app-server";
import { startOidcProvider, type TestOidcProvider } from "@monorepo-auth/testing/oidc-provider";
import { PASSWORD } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { authenticatorCode } from "@monorepo-auth/testing/totp";
import type { Page } from "@playwright/test";

import { seriousViolations } from "../support/accessibility.ts";
import { expect, logIn, signUp, test } from "../support/fixtures.ts";
import { shoot } from "../support/screenshots.ts";

let servers: TestApps<"landing" | "web">;
let provider: TestOidcProvider;
let apps = { landingUrl: "", webUrl: "" };
let people = 0;

test.beforeAll(async () => {
  const [landingPort, webPort] = [await freePort(), await freePort()];
  apps = {
    landingUrl: `http://127.0.0.1:${String(landingPort)}`,
    webUrl: `http://127.0.0.1:${String(webPort)}`,
  };
  provider = await startOidcProvider({
    redirectUris: [`${apps.landingUrl}/api/oauth/callback/oidc`],
  });
  servers = await startTestApps(["landing", "web"], {
    ports: { landing: landingPort, web: webPort },
    env: {
      IP_ATTEMPT_LIMIT: "10000",
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: "Test ID",
    },
  });
});

test.afterAll(async () => {
  await servers.stop();
  await provider.stop();
});

/**
 * Someone with an account at the provider, whose profile proposes `name` as a username.
 * The journey's database is its own, so the names can read well in the screenshots.
 */
function person(name: string, email = `${name}@example.com`, emailVerified = false): string {
  const subject = `journey-${String(++people)}-${String(Date.now())}`;
  provider.addAccount({ subject, preferredUsername: name, email, emailVerified });
  return subject;
}

/** At the provider's own pages: log in as `subject` (any password) and allow the app. */
async function atProvider(page: Page, subject: string) {
  await expect(page.getByRole("heading", { name: "Sign-in" })).toBeVisible();
  await page.getByPlaceholder("Enter any login").fill(subject);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Authorize" })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function signOut(page: Page) {
  await page.goto(`${apps.webUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
}

test("OA-08: sign up through the provider and land on web; sign out and back in", async ({
  page,
}) => {
  const username = "ada-lovelace";
  const subject = person(username, "ada@example.com", true);
  await page.goto(`${apps.landingUrl}/login`);
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, "landing-login-providers-light", true);
  await page.goto(`${apps.landingUrl}/signup`);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await atProvider(page, subject);

  await expect(page).toHaveURL(`${apps.landingUrl}/welcome`);
  await expect(page.getByRole("heading", { name: "Choose your username" })).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue(username);
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, "landing-welcome-light", true);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await expect(page.getByTestId("session-badge")).toContainText(username);

  await signOut(page);
  // Back through the provider, which remembers the person: no username page this time.
  await page.goto(`${apps.landingUrl}/login`);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await expect(page.getByTestId("session-badge")).toContainText(username);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText(/with Test ID/).first()).toBeVisible();

  // A first password, set on the account page right after signing in, logs in too.
  await expect(page.getByRole("heading", { name: "Set a password" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Password set: you can log in with it too.")).toBeVisible();
  await signOut(page);
  await logIn(page, apps, username);
  await expect(page.getByTestId("session-badge")).toContainText(username);
});

test("OA-09: link the provider to a password account from the account page, then unlink it", async ({
  page,
  username,
}) => {
  await signUp(page, apps, username);
  await page.goto(`${apps.webUrl}/account`);
  const subject = person("grace", "grace@example.com");
  await page.getByLabel("Password to link Test ID").fill(PASSWORD);
  await page.getByRole("button", { name: "Link Test ID" }).click();
  await atProvider(page, subject);
  await expect(page).toHaveURL(`${apps.webUrl}/account`);
  await expect(page.getByText("Test ID · grace@example.com")).toBeVisible();
  const card = page.locator("section", {
    has: page.getByRole("heading", { name: "Sign-in methods" }),
  });
  await shoot(card, "web-sign-in-methods-light", true);
  expect(await seriousViolations(page)).toEqual([]);

  // The provider now signs in to this account.
  await signOut(page);
  await page.goto(`${apps.landingUrl}/login`);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await expect(page.getByTestId("session-badge")).toContainText(username);

  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("Password to unlink Test ID").fill(PASSWORD);
  await page.getByRole("button", { name: /^Unlink Test ID/ }).click();
  await expect(page.getByText("Test ID unlinked.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Link Test ID" })).toBeVisible();
});

test("OA-10: a provider sign-in of an account with an authenticator app asks for the code", async ({
  page,
  username,
}) => {
  const subject = person(username);
  await page.goto(`${apps.landingUrl}/login`);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await atProvider(page, subject);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  await page.goto(`${apps.webUrl}/account`);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = ((await page.getByLabel("Key", { exact: true }).textContent()) ?? "").replace(
    /\s/g,
    "",
  );
  await page.getByLabel("Code from the app").fill(authenticatorCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Save these now")).toBeVisible();
  await page.getByRole("link", { name: "I have saved them" }).click();

  await signOut(page);
  await page.goto(`${apps.landingUrl}/login`);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/two-step`);
  await page.getByLabel("Code", { exact: true }).fill(authenticatorCode(secret, new Date(), 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText("Test ID and app code").first()).toBeVisible();
});
