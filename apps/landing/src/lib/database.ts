import { getDatabase, type Database } from "@monorepo-auth/db/database";

import { env } from "../env.ts";

/** The process's one database handle; connects on first use, never at import. */
export function database(): Database {
  const { mongodbUri, mongodbDbName } = env();
  return getDatabase({ uri: mongodbUri, dbName: mongodbDbName });
}
