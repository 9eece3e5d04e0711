// Passkeys in Chromium, with its virtual authenticator (the DevTools protocol's WebAuthn
// domain: a platform authenticator that holds discoverable credentials and verifies its
// user): add one on web's account page, sign out, sign in with it alone on landing, then
// with the password and the passkey as the second step.
// The apps run on `localhost`, a valid relying party over http; an IP address is not.
import { freePort } from "@monorepo-auth/testing/app-server";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import type { CDPSession, Page } from "@playwright/test";

import { PASSWORD } from "@monorepo-auth/testing/sign-in";

import { expect, signUp, submitLogin, test } from "../support/fixtures.ts";

let servers: TestApps<"landing" | "web">;
let apps = { landingUrl: "", webUrl: "" };

test.beforeAll(async () => {
  const [landingPort, webPort] = [await freePort(), await freePort()];
  apps = {
    landingUrl: `http://localhost:${String(landingPort)}`,
    webUrl: `http://localhost:${String(webPort)}`,
  };
  servers = await startTestApps(["landing", "web"], {
    ports: { landing: landingPort, web: webPort },
    env: { LANDING_URL: apps.landingUrl, WEB_URL: apps.webUrl, IP_ATTEMPT_LIMIT: "10000" },
  });
});

test.afterAll(async () => {
  await servers.stop();
});

/** A virtual platform authenticator for this page, as a phone or laptop has. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

test("PK-01, PK-07: add a passkey on the account page; sign in with it alone, and after the password", async ({
  page,
  username,
}) => {
  const authenticator = await virtualAuthenticator(page);
  await signUp(page, apps, username);
  await page.goto(`${apps.webUrl}/account`);
  await page.getByLabel("Passkey name").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Test laptop").first()).toBeVisible();
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", {
    authenticatorId: authenticator.id,
  });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  await page.goto(`${apps.webUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);

  await page.goto(`${apps.landingUrl}/login`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await expect(page.getByTestId("session-badge")).toContainText(username);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText(/with passkey/).first()).toBeVisible();

  // With a passkey, the password alone is not enough: the passkey is the second step.
  await page.goto(`${apps.webUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await submitLogin(page, apps, username, PASSWORD);
  await expect(page).toHaveURL(`${apps.landingUrl}/two-step`);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(`${apps.webUrl}/`);
  await page.goto(`${apps.webUrl}/account`);
  await expect(page.getByText(/with password and passkey/).first()).toBeVisible();
});
