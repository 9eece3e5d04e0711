// The kit as the apps use it: createAuth on a Mongoose connection of its own, throttling on.
import { createAuth, type Auth } from "@monorepo-auth/auth/auth";
import { parseAuthSettings } from "@monorepo-auth/auth/config/environment";
import { createDatabase, type Database } from "@monorepo-auth/db/database";

export interface KitUnderTest {
  auth: Auth;
  database: Database;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** Where the benchmarks' logins and sign-ups come from. */
export const BENCH_CLIENT = {
  ip: "198.51.100.10",
  userAgent: "bench",
  sessionTokens: [],
  deviceToken: null,
};

/** The address of the bench's `person`-th person: each logs in from a machine of their own. */
export const personIp = (person: number): string => `203.0.113.${String(1 + (person % 250))}`;

export function startKit(mongodbUri: string, dbName: string): KitUnderTest {
  const database = createDatabase({ uri: mongodbUri, dbName });
  const auth = createAuth({
    database,
    // Throttling stays on (it is part of every login), with an IP budget big enough for a
    // benchmark's worth of sign-ups from one address. Accounts keep their real budget.
    settings: parseAuthSettings({
      MONGODB_URI: mongodbUri,
      MONGODB_DB_NAME: dbName,
      IP_ATTEMPT_LIMIT: "10000000",
    }),
    // Events would go to stdout, one JSON line per login: not what is measured here.
    onEvent: () => undefined,
  });
  return {
    auth,
    database,
    async drop() {
      const { connection } = await database.models();
      await connection.dropDatabase();
      await database.close();
    },
  };
}

/** Signs a user up through the kit's own API; returns the session token. */
export async function signUpWithKit(
  kit: KitUnderTest,
  username: string,
  password: string,
): Promise<string> {
  const result = await kit.auth.signUp({ username, password, ...BENCH_CLIENT });
  if (!result.ok) throw new Error(`kit sign-up of ${username} failed: ${result.error}`);
  return result.token;
}
