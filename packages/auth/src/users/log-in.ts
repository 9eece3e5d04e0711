import { findUserByUsername, updatePasswordHash } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, rememberDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import { BUSY } from "../password/hash-limiter.ts";
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "../password/password-hash.ts";
import { isPlausiblePassword, normalizePassword } from "../password/password-rules.ts";
import type { Client } from "../request/client.ts";
import type { Session, SessionUser } from "../session/session.ts";
import { ipClaim } from "../throttle/ip-claim.ts";
import {
  ACCOUNT_BUDGET,
  accountKey,
  deviceKey,
  giveBackAttempts,
  takeAttempts,
} from "../throttle/throttle.ts";
import { signIn } from "./sign-in.ts";
import { canonicalUsername } from "./username.ts";

/** The credentials, and who is asking ({@link Client}). */
export interface LogInInput extends Client {
  username: string;
  password: string;
}

export type LogInError = "invalid_credentials" | "account_locked" | "too_many_attempts" | "busy";

export type LogInResult = AuthResult<
  {
    user: SessionUser;
    token: string;
    session: Session;
    /** A device token to give this browser, when it did not already hold a valid one. */
    device: { token: string; expiresAt: Date } | null;
  },
  LogInError
>;

/**
 * Checks a username and password and starts a new session. An unknown user and a wrong
 * password fail the same way after the same work (a dummy hash is verified for unknown
 * users). Two budgets are taken before hashing: the client IP's, and either the account's
 * (for clients it does not know) or the device's (for a browser that signed in to this
 * account before: OWASP's device cookies). So strangers failing ten times lock the account
 * for strangers only; its owner's devices still get in, and failures made with one device
 * token lock only that token. A success gives the attempts back.
 */
export async function logIn(context: AuthContext, input: LogInInput): Promise<LogInResult> {
  const client: Client = input;
  const username = canonicalUsername(input.username);
  // Input that cannot be a valid login is refused without hashing. That this is fast
  // reveals nothing about any account: it depends on the input alone.
  if (!username || !isPlausiblePassword(input.password)) {
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "malformed" });
    return failure("invalid_credentials");
  }

  const now = context.clock();
  const [user, device] = await Promise.all([
    findUserByUsername(context.database, username),
    findKnownDevice(context.database, client.deviceToken, now),
  ]);
  const trusted = vouchesFor(device, user) ? device : null;
  const budgetKey = trusted ? deviceKey(trusted.id) : accountKey(username);
  const attempt = await takeAttempts(
    context.database,
    [ipClaim(context, client.ip), { key: budgetKey, budget: ACCOUNT_BUDGET }],
    now,
  );
  if (!attempt.allowed) {
    const reason = attempt.refusedKey !== budgetKey ? "ip" : trusted ? "device" : "account";
    context.emit({ type: "login_throttled", username, ip: client.ip, reason });
    return failure("too_many_attempts", attempt.retryAfterSeconds);
  }

  const password = normalizePassword(input.password);
  const verified = await context.hashLimiter.run(
    () => (user ? verifyPassword(user.passwordHash, password) : verifyAgainstDummy(password)),
    [ipClaim(context, client.ip).key, accountKey(username)],
  );
  if (verified === BUSY) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds });
    context.emit({ type: "busy", username, ip: client.ip, reason: "login" });
    return failure("busy");
  }
  if (!verified || !user) {
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "invalid_credentials" });
    return failure("invalid_credentials");
  }
  // Said only to someone who knows the password: it reveals nothing to a guesser.
  if (user.lockedAt !== null) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds.slice(0, 1) });
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "account_locked" });
    return failure("account_locked");
  }

  // The budget's failures are forgotten, and only failures count against the client's IP:
  // people behind one NAT can all log in. That, the session and the device token are
  // independent writes, made at once. A device token remembered for a sign-in that then
  // finds the credentials changed is never handed out, and would not vouch anyway: it is
  // bound to the security stamp that was just replaced.
  const sessionUser = { id: user.id, username: user.username };
  const [, started, remembered] = await Promise.all([
    giveBackAttempts(context.database, {
      attemptIds: attempt.attemptIds.slice(0, 1),
      forgetKeys: [budgetKey],
    }),
    signIn(context, { user: sessionUser, securityStamp: user.securityStamp, client }),
    trusted ? null : rememberDevice(context.database, user, context.clock()),
  ]);
  if (!started.ok) {
    // The password changed while this login was checking the old one.
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "credentials_changed" });
    return failure("invalid_credentials");
  }
  if (needsRehash(user.passwordHash)) {
    // Best effort: a busy server simply rehashes at a later login.
    const rehashed = await context.hashLimiter.run(() => hashPassword(password));
    if (rehashed !== BUSY) {
      await updatePasswordHash(context.database, user.id, {
        from: user.passwordHash,
        to: rehashed,
      });
    }
  }
  context.emit({ type: "login_succeeded", username, userId: user.id, ip: client.ip });
  return {
    ok: true,
    user: sessionUser,
    token: started.token,
    session: started.session,
    device: remembered,
  };
}
