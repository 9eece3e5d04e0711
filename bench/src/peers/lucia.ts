// Lucia v3 with its MongoDB adapter, as its documentation sets it up: the adapter gets the
// sessions and users collections of a MongoDB driver client. The adapter supports driver
// 4.x and 6.x only, so it gets driver 6 (installed as `mongodb-v6`), not the v7 the kit's
// Mongoose uses.
import { MongodbAdapter } from "@lucia-auth/adapter-mongodb";
import { Lucia, type DatabaseSession, type DatabaseUser } from "lucia";
import { MongoClient, MongoServerError, type Collection } from "mongodb-v6";

interface UserAttributes {
  username: string;
}

interface UserDoc extends UserAttributes {
  _id: string;
}

// Lucia's documented way to type what the application stores on its users.
declare module "lucia" {
  interface Register {
    DatabaseUserAttributes: UserAttributes;
  }
}

interface SessionDoc {
  _id: string;
  user_id: string;
  expires_at: Date;
}

/**
 * How the adapter reads a session with its user. Its own `getSessionAndUser` is one
 * aggregation with `$lookup`, which FerretDB 1.24 does not implement (error 238,
 * NotImplemented); there the same two documents are read with two `findOne`s.
 */
export type LuciaSessionRead = "adapter ($lookup)" | "two findOne reads";

export interface LuciaUnderTest {
  sessionRead: LuciaSessionRead;
  /** `Cookie` header of the one session, as a browser would send it. */
  cookieHeader: string;
  /** Reads the session id from the cookie and validates it; throws if it is not valid. */
  validate(): Promise<void>;
  close(): Promise<void>;
}

/** Lucia on a database of its own, with one user and one session. */
export async function startLucia(mongodbUri: string, dbName: string): Promise<LuciaUnderTest> {
  const client = new MongoClient(mongodbUri);
  await client.connect();
  const db = client.db(dbName);
  const users = db.collection<UserDoc>("users");
  const sessions = db.collection<SessionDoc>("sessions");
  const sessionRead: LuciaSessionRead = (await supportsLookup(sessions))
    ? "adapter ($lookup)"
    : "two findOne reads";
  const adapter =
    sessionRead === "adapter ($lookup)"
      ? new MongodbAdapter(...adapterCollections(sessions, users))
      : new FindOneMongodbAdapter(sessions, users);
  const lucia = new Lucia(adapter, { sessionCookie: { attributes: { secure: false } } });

  // Lucia has no API for users (the application stores them), only for sessions.
  await users.insertOne({ _id: "lucia-bench-user", username: "bench-user" });
  const session = await lucia.createSession("lucia-bench-user", {});
  const cookie = lucia.createSessionCookie(session.id);
  const cookieHeader = `${cookie.name}=${cookie.value}`;

  return {
    sessionRead,
    cookieHeader,
    async validate() {
      const sessionId = lucia.readSessionCookie(cookieHeader);
      if (sessionId === null) throw new Error("Lucia found no session cookie");
      const { user } = await lucia.validateSession(sessionId);
      if (!user) throw new Error("Lucia did not validate its own session");
    },
    async close() {
      await db.dropDatabase();
      await client.close();
    },
  };
}

async function supportsLookup(collection: Collection<SessionDoc>): Promise<boolean> {
  try {
    const lookup = { from: "users", localField: "user_id", foreignField: "_id", as: "users" };
    await collection.aggregate([{ $limit: 1 }, { $lookup: lookup }]).toArray();
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 238) return false;
    throw error;
  }
}

// The adapter's own types name its peer `mongodb` (the same driver 6, installed once more
// next to it by npm); spelled out here so that a mismatch shows at this one place.
function adapterCollections(
  sessions: Collection<SessionDoc>,
  users: Collection<UserDoc>,
): ConstructorParameters<typeof MongodbAdapter> {
  return [sessions, users];
}

/**
 * The adapter with `getSessionAndUser` as two `findOne`s (session by `_id`, then its user
 * by `_id`), for servers without `$lookup`. It reads the same documents and returns the
 * same values as the adapter's aggregation; everything else is the adapter's own code.
 */
class FindOneMongodbAdapter extends MongodbAdapter {
  readonly #sessions: Collection<SessionDoc>;
  readonly #users: Collection<UserDoc>;

  constructor(sessions: Collection<SessionDoc>, users: Collection<UserDoc>) {
    super(...adapterCollections(sessions, users));
    this.#sessions = sessions;
    this.#users = users;
  }

  override async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const sessionDoc = await this.#sessions.findOne({ _id: sessionId });
    if (!sessionDoc) return [null, null];
    const userDoc = await this.#users.findOne({ _id: sessionDoc.user_id });
    if (!userDoc) return [null, null];
    const { _id: id, user_id: userId, expires_at: expiresAt, ...sessionAttributes } = sessionDoc;
    const { _id: uid, ...userAttributes } = userDoc;
    return [
      { id, userId, expiresAt, attributes: sessionAttributes },
      { id: uid, attributes: userAttributes },
    ];
  }
}
