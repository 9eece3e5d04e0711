import type { Connection, mongo } from "mongoose";

interface IndexSpec {
  collection:
    | "users"
    | "sessions"
    | "attempts"
    | "devices"
    | "audit"
    | "mail_tokens"
    | "recovery_codes"
    | "totp_steps"
    | "pending_sign_ins"
    | "passkeys"
    | "webauthn_challenges"
    | "identities"
    | "oauth_flows";
  keys: Record<string, 1 | -1>;
  options: mongo.CreateIndexesOptions & { name: string };
}

// Expiry is enforced by the code on every read; the TTL indexes only clean up.
const INDEXES: readonly IndexSpec[] = [
  {
    collection: "users",
    keys: { username: 1 },
    options: { name: "username_unique", unique: true },
  },
  { collection: "sessions", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "sessions",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  { collection: "attempts", keys: { key: 1, at: 1 }, options: { name: "key_at" } },
  {
    collection: "attempts",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  { collection: "devices", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "audit",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  {
    collection: "devices",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  { collection: "mail_tokens", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "mail_tokens",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  { collection: "recovery_codes", keys: { userId: 1 }, options: { name: "userId" } },
  { collection: "totp_steps", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "totp_steps",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  {
    collection: "pending_sign_ins",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  { collection: "passkeys", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "webauthn_challenges",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
  {
    collection: "identities",
    keys: { provider: 1, subject: 1 },
    options: { name: "provider_subject_unique", unique: true },
  },
  { collection: "identities", keys: { userId: 1 }, options: { name: "userId" } },
  {
    collection: "oauth_flows",
    keys: { expiresAt: 1 },
    options: { name: "expiresAt_ttl", expireAfterSeconds: 0 },
  },
];

// FerretDB v1 answers TTL index options with NotImplemented.
const NOT_IMPLEMENTED = 238;

export interface IndexReport {
  /** False when the server cannot expire documents itself and they must be purged by timer. */
  ttl: boolean;
}

/** Creates every index the data functions rely on. Safe to run again; awaited before traffic. */
export async function ensureIndexes(connection: Connection): Promise<IndexReport> {
  let ttl = true;
  for (const { collection, keys, options } of INDEXES) {
    try {
      await connection.collection(collection).createIndex(keys, options, {});
    } catch (error) {
      const isTtl = options.expireAfterSeconds !== undefined;
      if (isTtl && hasCode(error, NOT_IMPLEMENTED)) {
        ttl = false;
        continue;
      }
      throw error;
    }
  }
  return { ttl };
}

function hasCode(error: unknown, code: number): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
