import { getDatabase, type Database } from "@monorepo-auth/db/database";
import { databaseOutageLog } from "@monorepo-auth/db/outage-log";

import { env } from "./env.ts";

/** The process's one database handle; connects on first use, never at import. */
export function database(): Database {
  const { mongodbUri, mongodbDbName } = env();
  // Each outage as one JSON line on standard error, with its cause and without credentials.
  const onEvent = databaseOutageLog({
    uri: mongodbUri,
    write: (line) => process.stderr.write(line),
  });
  return getDatabase({ uri: mongodbUri, dbName: mongodbDbName, onEvent });
}
