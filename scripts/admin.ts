// npm run admin -- grant <username> | revoke <username>
// The only way to make an administrator: from a shell on the server, never through the web.
// Uses MONGODB_URI, else the local database `npm run dev` or `npm start` is running, else
// starts the local database for the moment (as `npm run dev` would).
import { join } from "node:path";

import { createAuth } from "@monorepo-auth/auth/auth";
import { parseAuthSettings } from "@monorepo-auth/auth/config/environment";
import { createDatabase } from "@monorepo-auth/db/database";

import { loadRootEnvFile } from "./lib/env-file.ts";
import { startLocalDatabase } from "./lib/local-database.ts";
import { repoRoot } from "./lib/paths.ts";
import { runningDatabaseUri } from "./lib/running-database.ts";

const USAGE = "usage: npm run admin -- grant <username> | revoke <username>";

const [change, username, ...extra] = process.argv.slice(2);
if ((change !== "grant" && change !== "revoke") || !username || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

loadRootEnvFile();
const noted = process.env.MONGODB_URI ? null : await runningDatabaseUri();
const local = noted
  ? null
  : await startLocalDatabase({
      externalUri: process.env.MONGODB_URI,
      dataDir: join(repoRoot, ".data"),
      log: (line) => {
        console.error(`[admin] ${line}`);
      },
    });
const uri = noted ?? local?.uri ?? "";

let exitCode = 1;
const settings = parseAuthSettings({ ...process.env, MONGODB_URI: uri });
const database = createDatabase({ uri, dbName: settings.mongodbDbName });
try {
  const auth = createAuth({ database, settings, onEvent: () => undefined });
  const result = await auth.changeAdminRoleFromCommandLine(change, username);
  if (result.ok) {
    console.log(
      change === "grant"
        ? `${result.username} is now an administrator.`
        : `${result.username} is no longer an administrator.`,
    );
    exitCode = 0;
  } else if (result.error === "not_found") {
    console.error(
      change === "grant"
        ? `No user is called ${JSON.stringify(username)}.`
        : `No administrator is called ${JSON.stringify(username)}.`,
    );
  } else {
    console.error(`${username} is the last administrator: grant the role to someone else first.`);
  }
} finally {
  await database.close();
  await local?.stop();
}
process.exit(exitCode);
