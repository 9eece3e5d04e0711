// Starts what every journey uses: a database of its own on the test server, and the
// production builds of landing, web and the admin console on free loopback ports. Returns
// the teardown.
import { freePort, startApp } from "@monorepo-auth/testing/app-server";
import { createTestDatabase } from "@monorepo-auth/testing/test-database";

import { mongodbUri, publishE2eApps } from "./support/env.ts";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const database = createTestDatabase({ uri: mongodbUri() });
  const [landingPort, webPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const urls = {
    LANDING_URL: `http://127.0.0.1:${String(landingPort)}`,
    WEB_URL: `http://127.0.0.1:${String(webPort)}`,
    ADMIN_URL: `http://127.0.0.1:${String(adminPort)}`,
  };
  const env = {
    ...urls,
    // Every app reads the same list: the admin console is one of the apps.
    AUTH_APP_ORIGINS: urls.ADMIN_URL,
    MONGODB_URI: database.uri,
    MONGODB_DB_NAME: database.dbName,
    // Every journey comes from 127.0.0.1: the per-IP budget must not end the run.
    IP_ATTEMPT_LIMIT: "10000",
  };
  const [landing, web, admin] = await Promise.all([
    startApp("landing", { env, port: landingPort }),
    startApp("web", { env, port: webPort }),
    startApp("admin", { env, port: adminPort }),
  ]);
  publishE2eApps({
    landingUrl: urls.LANDING_URL,
    webUrl: urls.WEB_URL,
    adminUrl: urls.ADMIN_URL,
    dbName: database.dbName,
  });

  return async () => {
    await Promise.all([landing.stop(), web.stop(), admin.stop()]);
    await database.drop();
  };
}
