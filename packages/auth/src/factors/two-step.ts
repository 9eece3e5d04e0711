import {
  findPendingSignIn,
  insertPendingSignIn,
  takePendingSignIn,
} from "@monorepo-auth/db/pending-sign-ins";
import { listUserPasskeys } from "@monorepo-auth/db/passkeys";
import { findTotpFactor } from "@monorepo-auth/db/second-factors";
import { findUserById, type UserRow } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, rememberDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { Client } from "../request/client.ts";
import {
  generateSessionToken,
  parseSessionToken,
  verifySessionSecret,
} from "../session/session-token.ts";
import { isProviderId } from "../providers/provider-ids.ts";
import type { FirstFactor, Session, SessionUser, SignInMethod } from "../session/session.ts";
import { ACCOUNT_BUDGET, deviceKey } from "../throttle/throttle.ts";
import { signIn } from "../users/sign-in.ts";
import { proveSecondFactor, type SecondFactorError } from "./second-factor.ts";

/** How long a right password waits for its second factor. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

/** The second factors a user has: an authenticator app turned on, passkeys. */
export async function secondFactorsOf(
  context: AuthContext,
  userId: string,
): Promise<{ totp: boolean; passkeys: boolean }> {
  const [factor, passkeys] = await Promise.all([
    findTotpFactor(context.database, userId),
    listUserPasskeys(context.database, userId),
  ]);
  return { totp: factor?.enabledAt != null, passkeys: passkeys.length > 0 };
}

/** Whether the user must give a second factor after their password. */
export async function needsSecondFactor(context: AuthContext, userId: string): Promise<boolean> {
  const factors = await secondFactorsOf(context, userId);
  return factors.totp || factors.passkeys;
}

/**
 * A right password of an account with a second factor starts no session: only this, a
 * token for the browser's cookie, good for 5 minutes and once, bound to the security stamp
 * the password was checked with.
 */
export async function startPendingSignIn(
  context: AuthContext,
  input: { userId: string; securityStamp: string; firstFactor?: FirstFactor },
): Promise<{ token: string; expiresAt: Date }> {
  const now = context.clock();
  const { token, id, secretHash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
  await insertPendingSignIn(context.database, {
    id,
    secretHash,
    userId: input.userId,
    securityStamp: input.securityStamp,
    firstFactor: input.firstFactor ?? "password",
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

export type CompleteSignInResult = AuthResult<
  {
    user: SessionUser;
    token: string;
    session: Session;
    /** After a recovery code: how many are left, to tell the person. */
    recoveryCodesLeft: number | null;
    /** A device token to give this browser, when it did not already hold a valid one. */
    device: { token: string; expiresAt: Date } | null;
  },
  SecondFactorError | "pending_sign_in_invalid"
>;

/**
 * The second step: the pending sign-in this browser holds, and a code from the app or a
 * recovery code. A wrong code leaves the pending sign-in as it is (and counts against the
 * account, or against this browser when it signed in to the account before: strangers who
 * know the password cannot lock its owner out with wrong codes); a right one spends it,
 * once, and starts the session as every sign-in does, remembering the browser.
 */
export async function completeSignIn(
  context: AuthContext,
  input: { pendingToken: string | null; code: string; client: Client },
): Promise<CompleteSignInResult> {
  const { client } = input;
  const opened = await openPendingSignIn(context, input.pendingToken);
  if (!opened) return failure("pending_sign_in_invalid");
  const { row, user } = opened;
  const device = await findKnownDevice(context.database, client.deviceToken, context.clock());
  const trusted = vouchesFor(device, row) ? device : null;
  const proved = await proveSecondFactor(context, user, input.code, {
    ip: client.ip,
    ...(trusted ? { budget: { key: deviceKey(trusted.id), budget: ACCOUNT_BUDGET } } : {}),
  });
  if (!proved.ok) return proved;
  const method = `${opened.firstFactor}+${proved.method}` as const;
  const finished = await finishPendingSignIn(context, opened, { client, method, trusted });
  if (!finished.ok) return finished;
  return {
    ...finished,
    recoveryCodesLeft: proved.method === "recovery-code" ? proved.recoveryCodesLeft : null,
  };
}

/** A pending sign-in as it stands: its row, and its user as stored now. */
export interface OpenedPendingSignIn {
  pendingId: string;
  securityStamp: string;
  /** The password, or the provider that vouched for the person. */
  firstFactor: FirstFactor;
  row: UserRow;
  user: SessionUser;
}

/**
 * The pending sign-in a browser's token names, if it is genuine, within its 5 minutes, and
 * its user has changed no credential and is not locked since; null otherwise.
 */
export async function openPendingSignIn(
  context: AuthContext,
  pendingToken: string | null,
): Promise<OpenedPendingSignIn | null> {
  const parts = parseSessionToken(pendingToken);
  const pending = parts ? await findPendingSignIn(context.database, parts.id) : null;
  if (
    !parts ||
    !pending?.secretHash ||
    !verifySessionSecret(parts.secret, pending.secretHash) ||
    pending.expiresAt.getTime() <= context.clock().getTime()
  ) {
    return null;
  }
  const row = await findUserById(context.database, pending.userId);
  // A credential change or a lock since the password was checked voids it.
  if (row?.securityStamp !== pending.securityStamp || row.lockedAt !== null) return null;
  return {
    pendingId: pending.id,
    securityStamp: pending.securityStamp,
    firstFactor: isProviderId(pending.firstFactor) ? pending.firstFactor : "password",
    row,
    user: { id: row.id, username: row.username },
  };
}

/**
 * The second factor was proved: the pending sign-in is spent (once, by one request) and the
 * session starts as every sign-in does, the browser remembered.
 */
export async function finishPendingSignIn(
  context: AuthContext,
  opened: OpenedPendingSignIn,
  how: {
    client: Client;
    method: SignInMethod;
    trusted: { id: string } | null;
  },
): Promise<
  AuthResult<
    {
      user: SessionUser;
      token: string;
      session: Session;
      device: { token: string; expiresAt: Date } | null;
    },
    "pending_sign_in_invalid"
  >
> {
  const { client, method } = how;
  const { user, row } = opened;
  if (!(await takePendingSignIn(context.database, opened.pendingId))) {
    return failure("pending_sign_in_invalid");
  }
  const started = await signIn(context, {
    user,
    securityStamp: opened.securityStamp,
    client,
    method,
  });
  if (!started.ok) return failure("pending_sign_in_invalid");
  const remembered = how.trusted
    ? null
    : await rememberDevice(context.database, row, context.clock());
  context.emit({
    type: "login_succeeded",
    username: user.username,
    userId: user.id,
    ip: client.ip,
    reason: method,
  });
  return { ok: true, user, token: started.token, session: started.session, device: remembered };
}
