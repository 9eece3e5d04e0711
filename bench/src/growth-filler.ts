// The filler of the growth benchmark (bench/src/growth.ts): users, their names' claims and
// one live session each, in the shape the kit stores them (packages/db/src/models), written
// directly with the driver in batches.
import { randomBytes, randomInt } from "node:crypto";

import { sessionExpiresAt } from "@monorepo-auth/auth/internals/session/session-expiry";
import { generateSessionToken } from "@monorepo-auth/auth/internals/session/session-token";
import { newSecurityStamp } from "@monorepo-auth/auth/internals/users/security-stamp";
import type { Database } from "@monorepo-auth/db/database";
import type { SessionDocument } from "@monorepo-auth/db/sessions";

/** Documents per insertMany. */
export const BATCH = 5_000;

/** Filler user `i`'s username. */
export const usernameOf = (i: number): string => `member-${String(i)}`;

interface FillerUser {
  _id: string;
  username: string;
  passwordHash: string;
  securityStamp: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a filler needs to know of the kit's sessions, and where to keep what it made. */
export interface Filling {
  database: Database;
  lifetime: { idleTimeoutMs: number; absoluteLifetimeMs: number };
  passwordHash: string;
  userAgent: string;
  /** Filled in: user `i`'s id and its one session's token. */
  userIds: string[];
  tokens: string[];
}

/** Stores filler users `from`..`to - 1`, each with one live session, in batches. */
export async function fill(filling: Filling, from: number, to: number): Promise<void> {
  const { database, lifetime, passwordHash, userAgent, userIds, tokens } = filling;
  const { connection } = await database.models();
  const users = connection.collection<FillerUser>("users");
  const sessions = connection.collection<SessionDocument>("sessions");
  const names = connection.collection<{ _id: string; userId: string; createdAt: Date }>(
    "usernames",
  );
  const started = performance.now();
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(to, start + BATCH);
    const now = Date.now();
    const userBatch: FillerUser[] = [];
    const sessionBatch: SessionDocument[] = [];
    const nameBatch: { _id: string; userId: string; createdAt: Date }[] = [];
    for (let i = start; i < end; i++) {
      const id = randomBytes(16).toString("base64url");
      const joined = new Date(now - randomInt(365 * 24 * 3600) * 1000);
      userBatch.push({
        _id: id,
        username: usernameOf(i),
        passwordHash,
        securityStamp: newSecurityStamp(),
        createdAt: joined,
        updatedAt: joined,
      });
      nameBatch.push({ _id: usernameOf(i), userId: id, createdAt: joined });
      // Signed in within the last 10 days and seen in the last 10 minutes: validating it is
      // the common read-only case (a refresh is due only after an hour).
      const token = generateSessionToken();
      const createdAt = new Date(now - randomInt(10 * 24 * 3600) * 1000);
      const lastVerifiedAt = new Date(now - randomInt(600) * 1000);
      sessionBatch.push({
        _id: token.id,
        secretHash: Buffer.from(token.secretHash),
        userId: id,
        username: usernameOf(i),
        createdAt,
        lastVerifiedAt,
        expiresAt: sessionExpiresAt(createdAt, lastVerifiedAt, lifetime),
        userAgent,
        ip: `203.0.113.${String(i % 256)}`,
      });
      userIds[i] = id;
      tokens[i] = token.token;
    }
    await names.insertMany(nameBatch, { ordered: false });
    await users.insertMany(userBatch, { ordered: false });
    await sessions.insertMany(sessionBatch, { ordered: false });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  stored users, their names and sessions ${String(from)}..${String(to - 1)} in ${seconds.toFixed(1)} s`,
  );
}
