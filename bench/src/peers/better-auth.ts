// Better Auth with its MongoDB adapter on the v7 driver. The client comes from Mongoose's
// `mongo` export (driver 7.x), because this workspace's own `mongodb` is the driver 6 that
// Lucia's adapter needs. Everything goes through Better Auth's server API, `auth.api.*`,
// as an app's route handler would call it.
import { randomBytes } from "node:crypto";

import { ARGON2_PARAMETERS } from "@monorepo-auth/auth/password/password-hash";
import { hash, verify } from "@node-rs/argon2";
import { betterAuth } from "better-auth";
import { mongodbAdapter } from "better-auth/adapters/mongodb";
import { mongo } from "mongoose";

/** How Better Auth hashes passwords: its default (scrypt), or the kit's argon2id parameters. */
export type BetterAuthHashing = "scrypt" | "argon2id";

export interface BetterAuthOptions {
  mongodbUri: string;
  dbName: string;
  /**
   * Better Auth's cookie cache: a signed copy of the session in a second cookie, trusted
   * for `maxAge` without reading the database (so a revoked session lives on that long).
   */
  cookieCache: boolean;
  hashing: BetterAuthHashing;
}

export interface BetterAuthUnderTest {
  /** Signs a user up through Better Auth; returns the `Cookie` header of their session. */
  signUp(email: string, password: string): Promise<string>;
  /** `auth.api.getSession` with these request headers; throws if there is no session. */
  getSession(headers: Headers): Promise<void>;
  /** `auth.api.signInEmail`; throws unless the credentials are right. */
  signIn(email: string, password: string): Promise<void>;
  close(): Promise<void>;
}

// Long enough that the cached copy does not expire during the benchmark (the default is
// 5 minutes), which would silently turn the "cache on" runs into database reads.
const COOKIE_CACHE_MAX_AGE_SECONDS = 60 * 60;

// The adapter's types name the root `mongodb` (7.5, a dev dependency of the repository),
// Mongoose brings its own 7.8: two declarations of the same driver 7 API, whose private
// members TypeScript tells apart. Both copies share one `bson`, so ids are the same class.
type AdapterDb = Parameters<typeof mongodbAdapter>[0];

function createBetterAuth(db: mongo.Db, options: BetterAuthOptions) {
  return betterAuth({
    // No `client`: without it the adapter runs no transactions, which FerretDB lacks.
    database: mongodbAdapter(db as unknown as AdapterDb),
    secret: randomBytes(32).toString("hex"),
    baseURL: "http://127.0.0.1:3000",
    emailAndPassword: {
      enabled: true,
      ...(options.hashing === "argon2id"
        ? {
            // The same argon2id as the kit (and the raw limit), through the documented hook.
            password: {
              hash: (password: string) => hash(password, ARGON2_PARAMETERS),
              verify: ({ hash: stored, password }: { hash: string; password: string }) =>
                verify(stored, password),
            },
          }
        : {}),
    },
    session: {
      cookieCache: { enabled: options.cookieCache, maxAge: COOKIE_CACHE_MAX_AGE_SECONDS },
    },
    telemetry: { enabled: false },
    logger: { level: "error" },
  });
}

/** Better Auth on a database of its own. */
export async function startBetterAuth(options: BetterAuthOptions): Promise<BetterAuthUnderTest> {
  const client = new mongo.MongoClient(options.mongodbUri);
  await client.connect();
  const db = client.db(options.dbName);
  const auth = createBetterAuth(db, options);

  return {
    async signUp(email, password) {
      const { headers } = await auth.api.signUpEmail({
        body: { email, password, name: email.split("@")[0] ?? email },
        returnHeaders: true,
      });
      // The session token, and with the cookie cache also the cached session.
      const cookies = headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
      if (cookies.length === 0) throw new Error("Better Auth set no cookie on sign-up");
      return cookies.join("; ");
    },
    async getSession(headers) {
      const session = await auth.api.getSession({ headers });
      if (!session) throw new Error("Better Auth did not validate its own session");
    },
    async signIn(email, password) {
      // Rejects with an APIError on wrong credentials.
      await auth.api.signInEmail({ body: { email, password } });
    },
    async close() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
