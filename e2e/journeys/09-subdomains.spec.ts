import { freePort } from "@monorepo-auth/testing/app-server";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";

import { chromiumLaunchOptions } from "../support/browser.ts";
import { expect, signUp, test } from "../support/fixtures.ts";

// Production's shape on a test network: landing on example.test, web on app.example.test,
// one cookie for the parent domain. (The tutorial this kit rebuilds loops forever between
// the two apps in exactly this set-up.)
test.use({
  launchOptions: chromiumLaunchOptions([
    "--host-resolver-rules=MAP example.test 127.0.0.1, MAP app.example.test 127.0.0.1",
  ]),
});

let servers: TestApps<"landing" | "web">;
let apps = { landingUrl: "", webUrl: "", dbName: "" };

test.beforeAll(async () => {
  const [landingPort, webPort] = [await freePort(), await freePort()];
  const landingUrl = `http://example.test:${String(landingPort)}`;
  const webUrl = `http://app.example.test:${String(webPort)}`;
  servers = await startTestApps(["landing", "web"], {
    ports: { landing: landingPort, web: webPort },
    env: { LANDING_URL: landingUrl, WEB_URL: webUrl, AUTH_COOKIE_DOMAIN: "example.test" },
  });
  apps = { landingUrl, webUrl, dbName: servers.test.dbName };
});

test.afterAll(async () => {
  await servers.stop();
});

test("on two subdomains: sign up on landing → signed in on web; sign out on web → signed out on landing", async ({
  page,
  context,
  username,
}) => {
  await signUp(page, apps, username);
  await expect(page.getByRole("heading", { name: `Hello, ${username}` })).toBeVisible();

  const [cookie] = await context.cookies();
  expect(cookie?.domain).toBe(".example.test");
  expect(cookie?.httpOnly).toBe(true);

  await page.goto(`${apps.landingUrl}/login`);
  await expect(page).toHaveURL(`${apps.webUrl}/`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${apps.landingUrl}/`);
  expect(await context.cookies()).toEqual([]);
  await page.goto(`${apps.landingUrl}/login`);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});
