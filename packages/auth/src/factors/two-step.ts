import {
  findPendingSignIn,
  insertPendingSignIn,
  takePendingSignIn,
} from "@monorepo-auth/db/pending-sign-ins";
import { findTotpFactor } from "@monorepo-auth/db/second-factors";
import { findUserById } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, rememberDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { Client } from "../request/client.ts";
import {
  generateSessionToken,
  parseSessionToken,
  verifySessionSecret,
} from "../session/session-token.ts";
import type { Session, SessionUser } from "../session/session.ts";
import { ACCOUNT_BUDGET, deviceKey } from "../throttle/throttle.ts";
import { signIn } from "../users/sign-in.ts";
import { proveSecondFactor, type SecondFactorError } from "./second-factor.ts";

/** How long a right password waits for its second factor. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

/** Whether the user must give a second factor after their password. One read by `_id`. */
export async function needsSecondFactor(context: AuthContext, userId: string): Promise<boolean> {
  const factor = await findTotpFactor(context.database, userId);
  return factor?.enabledAt != null;
}

/**
 * A right password of an account with a second factor starts no session: only this, a
 * token for the browser's cookie, good for 5 minutes and once, bound to the security stamp
 * the password was checked with.
 */
export async function startPendingSignIn(
  context: AuthContext,
  input: { userId: string; securityStamp: string },
): Promise<{ token: string; expiresAt: Date }> {
  const now = context.clock();
  const { token, id, secretHash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
  await insertPendingSignIn(context.database, {
    id,
    secretHash,
    ...input,
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
  const now = context.clock();
  const parts = parseSessionToken(input.pendingToken);
  const pending = parts ? await findPendingSignIn(context.database, parts.id) : null;
  if (
    !parts ||
    !pending?.secretHash ||
    !verifySessionSecret(parts.secret, pending.secretHash) ||
    pending.expiresAt.getTime() <= now.getTime()
  ) {
    return failure("pending_sign_in_invalid");
  }
  const row = await findUserById(context.database, pending.userId);
  // A credential change or a lock since the password was checked voids it.
  if (row?.securityStamp !== pending.securityStamp || row.lockedAt !== null) {
    return failure("pending_sign_in_invalid");
  }
  const user: SessionUser = { id: row.id, username: row.username };
  const device = await findKnownDevice(context.database, client.deviceToken, now);
  const trusted = vouchesFor(device, row) ? device : null;
  const proved = await proveSecondFactor(context, user, input.code, {
    ip: client.ip,
    ...(trusted ? { budget: { key: deviceKey(trusted.id), budget: ACCOUNT_BUDGET } } : {}),
  });
  if (!proved.ok) return proved;
  if (!(await takePendingSignIn(context.database, pending.id))) {
    return failure("pending_sign_in_invalid");
  }
  const method = proved.method === "totp" ? "password+totp" : "password+recovery-code";
  const started = await signIn(context, {
    user,
    securityStamp: pending.securityStamp,
    client,
    method,
  });
  if (!started.ok) return failure("pending_sign_in_invalid");
  const remembered = trusted ? null : await rememberDevice(context.database, row, context.clock());
  context.emit({
    type: "login_succeeded",
    username: user.username,
    userId: user.id,
    ip: client.ip,
    reason: method,
  });
  return {
    ok: true,
    user,
    token: started.token,
    session: started.session,
    recoveryCodesLeft: proved.method === "recovery-code" ? proved.recoveryCodesLeft : null,
    device: remembered,
  };
}
