// Starts what every journey uses: a database of its own on the test server, and the
// production builds of landing, web and the admin console on free loopback ports. Returns
// the teardown.
import { startTestApps } from "@monorepo-auth/testing/test-apps";

import { publishE2eApps } from "./support/env.ts";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const apps = await startTestApps(["landing", "web", "admin"], {
    // Every journey comes from 127.0.0.1: the per-IP budget must not end the run.
    env: { IP_ATTEMPT_LIMIT: "10000" },
  });
  publishE2eApps({
    landingUrl: apps.origins.landing,
    webUrl: apps.origins.web,
    adminUrl: apps.origins.admin,
    dbName: apps.test.dbName,
  });
  return () => apps.stop();
}
