// npm run dev: the local database (unless MONGODB_URI is set) and every app in watch mode:
// landing on http://localhost:4321, web on http://localhost:3000 and the admin console on
// http://localhost:5173. Ctrl-C stops all of it.
import { join } from "node:path";

import { appOrigins } from "./lib/app-origins.ts";
import { loadRootEnvFile } from "./lib/env-file.ts";
import { localEncryptionKey } from "./lib/local-encryption-key.ts";
import { startLocalDatabase } from "./lib/local-database.ts";
import { startMailpit } from "./lib/mailpit.ts";
import { repoRoot } from "./lib/paths.ts";
import { noteRunningDatabase } from "./lib/running-database.ts";
import { processEnvWithoutListenAddress, superviseWithDatabase } from "./lib/supervise.ts";

const log = (line: string): void => {
  console.log(`[dev] ${line}`);
};

const envFile = loadRootEnvFile();
log(envFile ? `settings from ${envFile}` : "no .env: using the defaults (see .env.example)");

const database = await startLocalDatabase({
  externalUri: process.env.MONGODB_URI,
  dataDir: join(repoRoot, ".data"),
  log,
});
// `npm run admin` finds the database here while this runs.
const forgetDatabase =
  database.kind === "MONGODB_URI" ? null : await noteRunningDatabase(database.uri);

// Without SMTP_URL the apps' mail goes to a local Mailpit, whose inbox the log names; when
// it cannot be had (no Go to build it), the apps run without mail.
const mailpit = process.env.SMTP_URL
  ? null
  : await startMailpit(log).catch((error: unknown) => {
      log(`no mail: ${(error as Error).message}`);
      return null;
    });
if (mailpit) log(`mail goes to Mailpit: read it at ${mailpit.inboxUrl}`);

superviseWithDatabase(
  join(repoRoot, "node_modules", ".bin", "turbo"),
  ["run", "dev", "--filter=./apps/*"],
  {
    ...processEnvWithoutListenAddress(),
    MONGODB_URI: database.uri,
    ...(mailpit ? { SMTP_URL: mailpit.smtpUrl } : {}),
    AUTH_ENCRYPTION_KEY: localEncryptionKey(join(repoRoot, ".data"), log),
    // One value for every app: the admin console's origin among the app origins.
    AUTH_APP_ORIGINS: appOrigins(process.env),
    NEXT_TELEMETRY_DISABLED: "1",
    ASTRO_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
  },
  {
    ...database,
    stop: async () => {
      await mailpit?.stop();
      await forgetDatabase?.();
      await database.stop();
    },
  },
  repoRoot,
);
