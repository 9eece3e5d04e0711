import { markSteppedUp } from "@monorepo-auth/db/sessions";
import { findUserById } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { verifyPassword } from "../password/password-hash.ts";
import { isPlausiblePassword, normalizePassword } from "../password/password-rules.ts";
import type { SessionUser } from "../session/session.ts";
import {
  ACCOUNT_BUDGET,
  accountKey,
  giveBackAttempts,
  takeAttempts,
} from "../throttle/throttle.ts";

/** A confirmed password allows destructive admin actions for this long, as GitHub's sudo mode. */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

/** Whether the session's owner confirmed their password within the window. */
export function isSteppedUp(session: { steppedUpAt: Date | null }, now: Date): boolean {
  return (
    session.steppedUpAt !== null &&
    now.getTime() - session.steppedUpAt.getTime() < STEP_UP_WINDOW_MS &&
    session.steppedUpAt.getTime() <= now.getTime()
  );
}

export type ConfirmPasswordError = "current_password_wrong" | "too_many_attempts" | "busy";

/**
 * Checks a signed-in user's password again and marks the session as stepped up. Wrong
 * passwords count against the account's budget, as at login: a stolen session cannot be
 * used to guess it.
 */
export async function confirmPassword(
  context: AuthContext,
  input: { user: SessionUser; sessionId: string; password: string; ip: string | null },
): Promise<AuthResult<object, ConfirmPasswordError>> {
  const { user, ip } = input;
  const refuse = (error: ConfirmPasswordError, retryAfterSeconds?: number) => {
    context.emit({
      type: "password_confirm_failed",
      username: user.username,
      userId: user.id,
      ip,
      reason: error,
    });
    return failure(error, retryAfterSeconds);
  };
  if (!isPlausiblePassword(input.password)) return refuse("current_password_wrong");
  const key = accountKey(user.username);
  const attempt = await takeAttempts(
    context.database,
    [{ key, budget: ACCOUNT_BUDGET }],
    context.clock(),
  );
  if (!attempt.allowed) return refuse("too_many_attempts", attempt.retryAfterSeconds);

  const row = await findUserById(context.database, user.id);
  const password = normalizePassword(input.password);
  const verified = row
    ? await context.hashLimiter.run(() => verifyPassword(row.passwordHash, password), [key])
    : false;
  if (verified === BUSY) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds });
    return refuse("busy");
  }
  if (!verified) return refuse("current_password_wrong");
  await giveBackAttempts(context.database, { forgetKeys: [key] });
  await markSteppedUp(context.database, input.sessionId, context.clock());
  context.emit({ type: "password_confirmed", username: user.username, userId: user.id, ip });
  return { ok: true };
}
