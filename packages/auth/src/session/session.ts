import type { Database } from "@monorepo-auth/db/database";
import {
  deleteSession,
  deleteUserSession,
  deleteUserSessions,
  extendSession,
  findSession,
  insertSession,
  listUserSessions,
} from "@monorepo-auth/db/sessions";

import {
  isSessionExpired,
  sessionExpiresAt,
  shouldRefreshSession,
  type SessionLifetime,
} from "./session-expiry.ts";
import { generateSessionToken, parseSessionToken, verifySessionSecret } from "./session-token.ts";
import { PROVIDER_IDS, type ProviderId } from "../providers/provider-ids.ts";

/** A session as the apps see it: never its secret or hash. */
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** When the owner last confirmed their password in this session (step-up), or null. */
  steppedUpAt: Date | null;
  /** How the person proved who they are when it started. */
  method: SignInMethod;
}

/** How a person first proves who they are: their password, or a provider vouching for them. */
export type FirstFactor = "password" | ProviderId;

/**
 * The ways a session can start: a password or a provider, then maybe a code, a recovery
 * code or a passkey; a passkey alone.
 */
export type SignInMethod =
  FirstFactor | `${FirstFactor}+${"totp" | "recovery-code" | "passkey"}` | "passkey";

const METHODS: readonly string[] = [
  "passkey",
  ...["password", ...PROVIDER_IDS].flatMap((first) => [
    first,
    `${first}+totp`,
    `${first}+recovery-code`,
    `${first}+passkey`,
  ]),
];
const signInMethod = (stored: string): SignInMethod =>
  METHODS.includes(stored) ? (stored as SignInMethod) : "password";

export interface SessionUser {
  id: string;
  username: string;
}

export type SessionValidation =
  | { session: Session; user: SessionUser; refreshed: boolean }
  | { session: null; user: null; refreshed: false };

const NO_SESSION: SessionValidation = { session: null, user: null, refreshed: false };

export interface NewSession {
  user: SessionUser;
  userAgent: string | null;
  ip: string | null;
  method: SignInMethod;
}

/** Starts a session for `user`; the token is returned once and stored only as a hash. */
export async function createSession(
  database: Database,
  input: NewSession,
  lifetime: SessionLifetime,
  now: Date,
): Promise<{ token: string; session: Session }> {
  const { token, id, secretHash } = generateSessionToken();
  const session: Session = {
    id,
    userId: input.user.id,
    createdAt: now,
    lastVerifiedAt: now,
    expiresAt: sessionExpiresAt(now, now, lifetime),
    userAgent: input.userAgent,
    ip: input.ip,
    steppedUpAt: null,
    method: input.method,
  };
  const { steppedUpAt: _never, ...stored } = session;
  await insertSession(database, { ...stored, secretHash, username: input.user.username });
  return { token, session };
}

/**
 * Resolves a token to its session and user, or to no session. One read by `_id`; a write
 * only when the session is expired (deleted) or due a refresh (at most once an hour), in
 * which case `refreshed` tells the caller to send the cookie again with the new expiry.
 * @throws {DatabaseUnavailableError} when the database cannot answer: not "no session".
 */
export async function validateSessionToken(
  database: Database,
  token: unknown,
  lifetime: SessionLifetime,
  now: Date,
): Promise<SessionValidation> {
  const parts = parseSessionToken(token);
  if (!parts) return NO_SESSION;
  const row = await findSession(database, parts.id);
  if (!row || !verifySessionSecret(parts.secret, row.secretHash)) return NO_SESSION;

  const { secretHash: _hash, username, method, ...rest } = row;
  const stored = { ...rest, method: signInMethod(method) };
  const user = { id: row.userId, username };
  if (isSessionExpired(stored, lifetime, now)) {
    await deleteSession(database, row.id);
    return NO_SESSION;
  }
  if (!shouldRefreshSession(stored.lastVerifiedAt, now)) {
    return { session: stored, user, refreshed: false };
  }
  const next = {
    lastVerifiedAt: now,
    expiresAt: sessionExpiresAt(stored.createdAt, now, lifetime),
  };
  await extendSession(database, row.id, next);
  return { session: { ...stored, ...next }, user, refreshed: true };
}

/** Ends the session a token names, if the token is genuine; returns what it ended (or no session). */
export async function invalidateSessionToken(
  database: Database,
  token: unknown,
  lifetime: SessionLifetime,
  now: Date,
): Promise<SessionValidation> {
  const validation = await validateSessionToken(database, token, lifetime, now);
  if (validation.session) await deleteSession(database, validation.session.id);
  return validation;
}

/** Ends every session of a user ("sign out everywhere"), or every one but `exceptId`. */
export function invalidateUserSessions(
  database: Database,
  userId: string,
  exceptId?: string,
): Promise<number> {
  return deleteUserSessions(database, userId, exceptId);
}

/** Ends one of the user's own sessions; another user's session id changes nothing. */
export function revokeUserSession(
  database: Database,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  return deleteUserSession(database, userId, sessionId);
}

/** The user's live sessions, newest first, for the account page. */
export async function listSessions(
  database: Database,
  userId: string,
  lifetime: SessionLifetime,
  now: Date,
): Promise<Session[]> {
  const rows = await listUserSessions(database, userId);
  return rows
    .filter((row) => !isSessionExpired(row, lifetime, now))
    .map(({ username: _username, method, ...session }) => ({
      ...session,
      method: signInMethod(method),
    }));
}
