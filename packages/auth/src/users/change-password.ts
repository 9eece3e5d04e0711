import { findUserById, replacePassword } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { checkBreachedPassword } from "../password/breached-password.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { hashPassword, verifyPassword } from "../password/password-hash.ts";
import {
  checkNewPassword,
  isPlausiblePassword,
  normalizePassword,
  type PasswordProblem,
} from "../password/password-rules.ts";
import { invalidateUserSessions, type SessionUser } from "../session/session.ts";
import {
  ACCOUNT_BUDGET,
  accountKey,
  giveBackAttempts,
  takeAttempts,
} from "../throttle/throttle.ts";
import { newSecurityStamp } from "./security-stamp.ts";

export interface ChangePasswordInput {
  user: SessionUser;
  /** The session making the change; every other session of the user ends. */
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  ip: string | null;
}

export type ChangePasswordError =
  | PasswordProblem
  | "password_breached"
  | "current_password_wrong"
  | "too_many_attempts"
  | "unauthenticated"
  | "busy";

export type ChangePasswordResult = AuthResult<{ endedSessions: number }, ChangePasswordError>;

/**
 * Replaces a signed-in user's password after checking the current one, and ends all the
 * user's other sessions: whoever else had the old password is out. The new security stamp
 * is written before the sessions are ended, so a login that checked the old password and
 * writes its session after the deletion sees the new stamp and ends that session itself
 * (see `sign-in.ts`); remembered devices must prove themselves again. Wrong current
 * passwords count against the account's budget, so a stolen session cannot be used to
 * guess it.
 */
export async function changePassword(
  context: AuthContext,
  input: ChangePasswordInput,
): Promise<ChangePasswordResult> {
  const { user, ip } = input;
  const refuse = (error: ChangePasswordError, retryAfterSeconds?: number) => {
    context.emit({
      type: "password_change_failed",
      username: user.username,
      userId: user.id,
      ip,
      reason: error,
    });
    return failure(error, retryAfterSeconds);
  };

  const problem = checkNewPassword(input.newPassword, user.username);
  if (problem) return refuse(problem);
  if (!isPlausiblePassword(input.currentPassword)) return refuse("current_password_wrong");

  const key = accountKey(user.username);
  const attempt = await takeAttempts(
    context.database,
    [{ key, budget: ACCOUNT_BUDGET }],
    context.clock(),
  );
  if (!attempt.allowed) return refuse("too_many_attempts", attempt.retryAfterSeconds);

  const row = await findUserById(context.database, user.id);
  if (!row) return refuse("unauthenticated");
  const current = normalizePassword(input.currentPassword);
  const verified = await context.hashLimiter.run(
    () => verifyPassword(row.passwordHash, current),
    [key],
  );
  if (verified === BUSY) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds });
    return refuse("busy");
  }
  if (!verified) return refuse("current_password_wrong");
  await giveBackAttempts(context.database, { forgetKeys: [key] });

  const next = normalizePassword(input.newPassword);
  if (context.breachCheck) {
    const verdict = await checkBreachedPassword(next, context.breachCheck);
    if (verdict === "breached") return refuse("password_breached");
  }
  const passwordHash = await context.hashLimiter.run(() => hashPassword(next), [key]);
  if (passwordHash === BUSY) return refuse("busy");
  await replacePassword(context.database, user.id, {
    passwordHash,
    securityStamp: newSecurityStamp(),
  });
  const endedSessions = await invalidateUserSessions(
    context.database,
    user.id,
    input.currentSessionId,
  );
  context.emit({ type: "password_changed", username: user.username, userId: user.id, ip });
  return { ok: true, endedSessions };
}
