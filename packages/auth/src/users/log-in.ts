import { findUserByUsername, updatePasswordHash } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import {
  deviceTokenId,
  findKnownDevice,
  rememberDevice,
  vouchesFor,
} from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import { needsSecondFactor, startPendingSignIn } from "../factors/two-step.ts";
import { BUSY, type Reservation } from "../password/hash-limiter.ts";
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
import { withPasswordCheck, type FailureBudgets } from "../throttle/failure-budget.ts";
import { ACCOUNT_BUDGET, accountKey, deviceKey, type Claim } from "../throttle/throttle.ts";
import { signIn } from "./sign-in.ts";
import { canonicalUsername } from "./username.ts";

/** The credentials, and who is asking ({@link Client}). */
export interface LogInInput extends Client {
  username: string;
  password: string;
}

export type LogInError = "invalid_credentials" | "account_locked" | "too_many_attempts" | "busy";

export type LogInResult =
  | AuthResult<
      {
        user: SessionUser;
        token: string;
        session: Session;
        /** A device token to give this browser, when it did not already hold a valid one. */
        device: { token: string; expiresAt: Date } | null;
      },
      LogInError
    >
  | SecondStepRequired;

/**
 * The password was right, and the account has a second factor: no session yet, only a
 * pending sign-in for this browser's cookie, finished by `completeSignIn` with a code.
 */
export interface SecondStepRequired {
  ok: false;
  error: "second_factor_required";
  retryAfterSeconds?: undefined;
  user: SessionUser;
  pending: { token: string; expiresAt: Date };
}

/**
 * Checks a username and password and starts a new session. An unknown user and a wrong
 * password fail the same way after the same work (a dummy hash is verified for unknown
 * users). Two budgets of failures are checked before hashing: the client IP's, and either
 * the account's (for clients it does not know) or the device's (for a browser that signed
 * in to this account before: OWASP's device cookies). So strangers failing ten times lock
 * the account for strangers only; its owner's devices still get in, and failures made with
 * one device token lock only that token. A failure is written to both; a success forgets
 * the account's or device's failures.
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
  const ip = ipClaim(context, client.ip);
  const account: Claim = { key: accountKey(username), budget: ACCOUNT_BUDGET };
  const deviceId = deviceTokenId(client.deviceToken);
  const tokenDevice: Claim | null = deviceId
    ? { key: deviceKey(deviceId), budget: ACCOUNT_BUDGET }
    : null;
  const result = await withPasswordCheck(
    context.database,
    context.hashLimiter,
    {
      placeKeys: [ip.key, account.key],
      claims: tokenDevice ? [ip, account, tokenDevice] : [ip, account],
      now,
    },
    (place, counting) =>
      checkAndSignIn(context, {
        username,
        password: input.password,
        client,
        now,
        claims: { ip, account, tokenDevice },
        place,
        counting,
      }),
  );
  if (result === BUSY) {
    context.emit({ type: "busy", username, ip: client.ip, reason: "login" });
    return failure("busy");
  }
  return result;
}

interface Checking {
  username: string;
  password: string;
  client: Client;
  now: Date;
  claims: { ip: Claim; account: Claim; tokenDevice: Claim | null };
  place: Reservation;
  counting: Promise<FailureBudgets>;
}

async function checkAndSignIn(context: AuthContext, checking: Checking): Promise<LogInResult> {
  const { username, client, now, claims, place } = checking;
  const { ip, account, tokenDevice } = claims;
  // The user, the device and every budget the login may draw on are independent reads.
  const [user, device, budgets] = await Promise.all([
    findUserByUsername(context.database, username),
    findKnownDevice(context.database, client.deviceToken, now),
    checking.counting,
  ]);
  const trusted = vouchesFor(device, user) ? device : null;
  const budget = trusted && tokenDevice ? tokenDevice : account;
  const admission = await budgets.admit([ip, budget]);
  if (!admission.allowed && "crowded" in admission) {
    context.emit({ type: "busy", username, ip: client.ip, reason: "login" });
    return failure("busy");
  }
  if (!admission.allowed) {
    const reason = admission.refusedKey !== budget.key ? "ip" : trusted ? "device" : "account";
    context.emit({ type: "login_throttled", username, ip: client.ip, reason });
    return failure("too_many_attempts", admission.retryAfterSeconds);
  }

  const password = normalizePassword(checking.password);
  const verified = await place.run(() =>
    // An account without a password (it signs in through a provider) costs the same work.
    user && user.passwordHash !== ""
      ? verifyPassword(user.passwordHash, password)
      : verifyAgainstDummy(password),
  );
  if (verified === BUSY) {
    // Nothing was tried, so nothing counts: load cannot lock an account.
    context.emit({ type: "busy", username, ip: client.ip, reason: "login" });
    return failure("busy");
  }
  if (!verified || !user) {
    await budgets.fail([ip, budget]);
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "invalid_credentials" });
    return failure("invalid_credentials");
  }
  // Said only to someone who knows the password: it reveals nothing to a guesser. It still
  // counts against the account, so the answer cannot be asked for without limit.
  if (user.lockedAt !== null) {
    await budgets.fail([budget]);
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "account_locked" });
    return failure("account_locked");
  }

  // This login can no longer fail: it stops counting as one in flight now, not after its
  // writes, or a flood of right passwords would look like failures to come.
  budgets.release();

  const sessionUser = { id: user.id, username: user.username };
  if (await needsSecondFactor(context, user.id)) {
    const [, pending] = await Promise.all([
      budgets.forget([budget]),
      startPendingSignIn(context, { userId: user.id, securityStamp: user.securityStamp }),
    ]);
    context.emit({ type: "second_step_required", username, userId: user.id, ip: client.ip });
    return { ok: false, error: "second_factor_required", user: sessionUser, pending };
  }

  // The budget's failures are forgotten, and only failures count against the client's IP:
  // people behind one NAT can all log in. That, the session and the device token are
  // independent writes, made at once. A device token remembered for a sign-in that then
  // finds the credentials changed is never handed out, and would not vouch anyway: it is
  // bound to the security stamp that was just replaced.
  const [, started, remembered] = await Promise.all([
    budgets.forget([budget]),
    signIn(context, { user: sessionUser, securityStamp: user.securityStamp, client }),
    trusted ? null : rememberDevice(context.database, user, context.clock()),
  ]);
  if (!started.ok) {
    // The password changed while this login was checking the old one.
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "credentials_changed" });
    return failure("invalid_credentials");
  }
  await rehashIfDue(context, user, password);
  context.emit({ type: "login_succeeded", username, userId: user.id, ip: client.ip });
  return {
    ok: true,
    user: sessionUser,
    token: started.token,
    session: started.session,
    device: remembered,
  };
}

/** Rehashes a password stored with older parameters; best effort: a busy server does it at a later login. */
async function rehashIfDue(
  context: AuthContext,
  user: { id: string; passwordHash: string },
  password: string,
): Promise<void> {
  if (!needsRehash(user.passwordHash)) return;
  const rehashed = await context.hashLimiter.run(() => hashPassword(password));
  if (rehashed === BUSY) return;
  await updatePasswordHash(context.database, user.id, { from: user.passwordHash, to: rehashed });
}
