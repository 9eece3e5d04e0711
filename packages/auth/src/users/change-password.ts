import { findUserById, replacePassword } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { notifyPasswordChanged } from "../mail/password-reset.ts";
import { checkBreachedPassword } from "../password/breached-password.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { hashPassword } from "../password/password-hash.ts";
import {
  checkNewPassword,
  normalizePassword,
  type PasswordProblem,
} from "../password/password-rules.ts";
import { invalidateUserSessions, type SessionUser } from "../session/session.ts";
import { accountKey } from "../throttle/throttle.ts";
import { confirmOwner, type ConfirmError } from "./confirm-owner.ts";
import { newSecurityStamp } from "./security-stamp.ts";

export interface ChangePasswordInput {
  user: SessionUser;
  /** The session making the change; every other session of the user ends. */
  currentSessionId: string;
  currentPassword: string;
  /** When the account has no password: a code from its authenticator app, if it has one. */
  code?: string;
  /** When the session making the change started: on an account with neither, it must be recent. */
  sessionStartedAt?: Date;
  newPassword: string;
  ip: string | null;
}

export type ChangePasswordError = PasswordProblem | "password_breached" | ConfirmError;

export type ChangePasswordResult = AuthResult<
  {
    endedSessions: number;
    /** True when the account had no password before (it signed in through a provider). */
    first: boolean;
  },
  ChangePasswordError
>;

/**
 * Replaces a signed-in user's password after checking the current one (an account without
 * one, made through a provider, confirms as `confirmOwner` says), and ends all the
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
  const before = await findUserById(context.database, user.id);
  const checked = await confirmOwner(context, {
    user,
    sessionStartedAt: input.sessionStartedAt ?? new Date(0),
    password: input.currentPassword,
    code: input.code ?? "",
    ip,
  });
  if (!checked.ok) return refuse(checked.error, checked.retryAfterSeconds);

  const next = normalizePassword(input.newPassword);
  if (context.breachCheck) {
    const verdict = await checkBreachedPassword(next, context.breachCheck);
    if (verdict === "breached") return refuse("password_breached");
  }
  const key = accountKey(user.username);
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
  void notifyPasswordChanged(context, { userId: user.id, ip });
  return { ok: true, endedSessions, first: before?.passwordHash === "" };
}
