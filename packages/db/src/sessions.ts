import { trusted } from "mongoose";

import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

export type { SessionDocument } from "./models/session.ts";

/** A stored session. `secretHash` is SHA-256 of the token's secret half; never leaves the server. */
export interface SessionRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  username: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** When the owner last confirmed their password in this session, or null. */
  steppedUpAt: Date | null;
  /** How the person signed in: "password", "password+totp", "password+recovery-code". */
  method: string;
}

/** What may be shown to the session's owner: everything but the hash. */
export type SessionSummary = Omit<SessionRow, "secretHash">;

/** Stores a new session; it has never been stepped up. */
export async function insertSession(
  database: Database,
  session: Omit<SessionRow, "steppedUpAt">,
): Promise<void> {
  const { Session } = await database.models();
  const { id, secretHash, ...rest } = session;
  await withAvailability(() =>
    Session.create({ _id: id, secretHash: Buffer.from(secretHash), ...rest }),
  );
}

/** The hot path of every authenticated request: one read by `_id`. */
export async function findSession(database: Database, id: string): Promise<SessionRow | null> {
  const { Session } = await database.models();
  const doc = await withAvailability(() => Session.findById(id).lean().exec());
  if (!doc) return null;
  const { _id, secretHash, steppedUpAt, method, ...rest } = doc;
  return {
    id: _id,
    secretHash: toBytes(secretHash),
    steppedUpAt: steppedUpAt ?? null,
    method: method ?? "password",
    ...rest,
  };
}

/**
 * Moves a session's expiry forward. `$max` rather than a condition on the `lastVerifiedAt`
 * the caller read: concurrent requests that all decide to extend agree on the latest
 * values whatever order they land in, and the filter stays `_id` alone, which every server
 * answers from an index (FerretDB scans the collection for any other filter).
 */
export async function extendSession(
  database: Database,
  id: string,
  next: { lastVerifiedAt: Date; expiresAt: Date },
): Promise<void> {
  const { Session } = await database.models();
  await withAvailability(() => Session.updateOne({ _id: id }, { $max: next }).exec());
}

/** Records that the session's owner confirmed their password now (step-up). */
export async function markSteppedUp(database: Database, id: string, at: Date): Promise<void> {
  const { Session } = await database.models();
  await withAvailability(() =>
    Session.updateOne({ _id: id }, { $set: { steppedUpAt: at } }).exec(),
  );
}

export async function deleteSession(database: Database, id: string): Promise<boolean> {
  const { Session } = await database.models();
  const result = await withAvailability(() => Session.deleteOne({ _id: id }).exec());
  return result.deletedCount > 0;
}

/**
 * Deletes one session only if it belongs to `userId`, so nobody can end another user's
 * session: read by `_id`, then deleted by `_id` (a session never changes owner).
 */
export async function deleteUserSession(
  database: Database,
  userId: string,
  id: string,
): Promise<boolean> {
  const { Session } = await database.models();
  const owner = await withAvailability(() => Session.findById(id, { userId: 1 }).lean().exec());
  if (owner?.userId !== userId) return false;
  const result = await withAvailability(() => Session.deleteOne({ _id: id }).exec());
  return result.deletedCount > 0;
}

/** Deletes every session of a user, or every one but `exceptId`. Returns how many went. */
export async function deleteUserSessions(
  database: Database,
  userId: string,
  exceptId?: string,
): Promise<number> {
  const { Session } = await database.models();
  // Our own operators are marked trusted; sanitizeFilter neutralizes any others.
  const filter = exceptId === undefined ? { userId } : { userId, _id: trusted({ $ne: exceptId }) };
  const result = await withAvailability(() => Session.deleteMany(filter).exec());
  return result.deletedCount;
}

/**
 * Keeps `keepId` and the user's `keep - 1` newest other sessions, and ends the rest (oldest
 * first). The session just created counts as the newest: of several sign-ins at once, each
 * keeps its own, and the last to trim leaves exactly `keep`. Returns how many ended.
 */
export async function trimUserSessions(
  database: Database,
  userId: string,
  keep: number,
  keepId: string,
): Promise<number> {
  const { Session } = await database.models();
  const surplus = await withAvailability(() =>
    Session.find({ userId, _id: trusted({ $ne: keepId }) }, { _id: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .skip(Math.max(0, keep - 1))
      .lean()
      .exec(),
  );
  if (surplus.length === 0) return 0;
  const ids = surplus.map((doc) => doc._id);
  const result = await withAvailability(() =>
    Session.deleteMany({ _id: trusted({ $in: ids }) }).exec(),
  );
  return result.deletedCount;
}

/** A user's sessions, newest first, without their hashes. Expired ones are left to the caller. */
export async function listUserSessions(
  database: Database,
  userId: string,
): Promise<SessionSummary[]> {
  const { Session } = await database.models();
  const docs = await withAvailability(() =>
    Session.find({ userId }, { secretHash: 0 }).sort({ createdAt: -1 }).lean().exec(),
  );
  return docs.map(({ _id, ...rest }) => ({
    id: _id,
    userId: rest.userId,
    username: rest.username,
    createdAt: rest.createdAt,
    lastVerifiedAt: rest.lastVerifiedAt,
    expiresAt: rest.expiresAt,
    userAgent: rest.userAgent,
    ip: rest.ip,
    steppedUpAt: rest.steppedUpAt ?? null,
    method: rest.method ?? "password",
  }));
}
