import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";

import { chromiumLaunchOptions } from "../support/browser.ts";
import { mongodbUri } from "../support/env.ts";
import { expect, signUp, test } from "../support/fixtures.ts";

// Production's shape on a test network: landing on example.test, web on app.example.test,
// one cookie for the parent domain. (The tutorial this kit rebuilds loops forever between
// the two apps in exactly this set-up.)
test.use({
  launchOptions: chromiumLaunchOptions([
    "--host-resolver-rules=MAP example.test 127.0.0.1, MAP app.example.test 127.0.0.1",
  ]),
});

let database: TestDatabase;
let landing: AppServer;
let web: AppServer;
let apps = { landingUrl: "", webUrl: "", dbName: "" };

test.beforeAll(async () => {
  database = createTestDatabase({ uri: mongodbUri() });
  const [landingPort, webPort] = [await freePort(), await freePort()];
  apps = {
    landingUrl: `http://example.test:${String(landingPort)}`,
    webUrl: `http://app.example.test:${String(webPort)}`,
    dbName: database.dbName,
  };
  const env = {
    MONGODB_URI: database.uri,
    MONGODB_DB_NAME: database.dbName,
    LANDING_URL: apps.landingUrl,
    WEB_URL: apps.webUrl,
    AUTH_COOKIE_DOMAIN: "example.test",
  };
  [landing, web] = await Promise.all([
    startApp("landing", { env, port: landingPort }),
    startApp("web", { env, port: webPort }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([landing.stop(), web.stop()]);
  await database.drop();
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
