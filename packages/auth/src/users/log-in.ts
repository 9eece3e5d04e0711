import { findUserByUsername, updatePasswordHash } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { BUSY } from "../password/hash-limiter.ts";
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "../password/password-hash.ts";
import { isPlausiblePassword, normalizePassword } from "../password/password-rules.ts";
import {
  createSession,
  invalidateSessionToken,
  type Session,
  type SessionUser,
} from "../session/session.ts";
import { ipClaim } from "../throttle/ip-claim.ts";
import {
  ACCOUNT_BUDGET,
  accountKey,
  giveBackAttempts,
  takeAttempts,
} from "../throttle/throttle.ts";
import { canonicalUsername } from "./username.ts";

export interface LogInInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The session token the request already carried, if any: it is ended, never reused. */
  currentToken: string | null;
}

export type LogInError = "invalid_credentials" | "too_many_attempts" | "busy";

export type LogInResult = AuthResult<
  { user: SessionUser; token: string; session: Session },
  LogInError
>;

/**
 * Checks a username and password and starts a new session. An unknown user and a wrong
 * password fail the same way after the same work (a dummy hash is verified for unknown
 * users). Both budgets — the client IP's and the account's — are taken before hashing; a
 * locked account refuses even the right password until the window has passed. A success
 * gives both attempts back, so only failures use up a budget.
 */
export async function logIn(context: AuthContext, input: LogInInput): Promise<LogInResult> {
  const username = canonicalUsername(input.username);
  // Input that cannot be a valid login is refused without hashing. That this is fast
  // reveals nothing about any account: it depends on the input alone.
  if (!username || !isPlausiblePassword(input.password)) {
    context.emit({ type: "login_failed", username, ip: input.ip, reason: "malformed" });
    return failure("invalid_credentials");
  }

  const key = accountKey(username);
  const attempt = await takeAttempts(
    context.database,
    [ipClaim(context, input.ip), { key, budget: ACCOUNT_BUDGET }],
    context.clock(),
  );
  if (!attempt.allowed) {
    const reason = attempt.refusedKey === key ? "account" : "ip";
    context.emit({ type: "login_throttled", username, ip: input.ip, reason });
    return failure("too_many_attempts", attempt.retryAfterSeconds);
  }

  const password = normalizePassword(input.password);
  const user = await findUserByUsername(context.database, username);
  const verified = await context.hashLimiter.run(() =>
    user ? verifyPassword(user.passwordHash, password) : verifyAgainstDummy(password),
  );
  if (verified === BUSY) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds });
    context.emit({ type: "busy", username, ip: input.ip, reason: "login" });
    return failure("busy");
  }
  if (!verified || !user) {
    context.emit({ type: "login_failed", username, ip: input.ip, reason: "invalid_credentials" });
    return failure("invalid_credentials");
  }

  // The account's failures are forgotten, and only failures count against the client's IP:
  // people behind one NAT can all log in.
  await giveBackAttempts(context.database, {
    attemptIds: attempt.attemptIds.slice(0, 1),
    forgetKeys: [key],
  });
  if (needsRehash(user.passwordHash)) {
    // Best effort: a busy server simply rehashes at a later login.
    const rehashed = await context.hashLimiter.run(() => hashPassword(password));
    if (rehashed !== BUSY) await updatePasswordHash(context.database, user.id, rehashed);
  }
  const now = context.clock();
  if (input.currentToken !== null) {
    await invalidateSessionToken(context.database, input.currentToken, context.lifetime, now);
  }
  const sessionUser = { id: user.id, username: user.username };
  const { token, session } = await createSession(
    context.database,
    { user: sessionUser, userAgent: input.userAgent, ip: input.ip },
    context.lifetime,
    now,
  );
  context.emit({ type: "login_succeeded", username, userId: user.id, ip: input.ip });
  return { ok: true, user: sessionUser, token, session };
}
