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

export type OwnPasswordError =
  "current_password_wrong" | "too_many_attempts" | "busy" | "unauthenticated";

/**
 * Checks a signed-in user's own password again (before changing it, or to confirm a
 * destructive action). Wrong passwords count against the account's budget, as at login, so
 * a stolen session cannot be used to guess it; a right one forgets the failures.
 */
export async function checkOwnPassword(
  context: AuthContext,
  user: SessionUser,
  password: string,
): Promise<AuthResult<object, OwnPasswordError>> {
  if (!isPlausiblePassword(password)) return failure("current_password_wrong");
  const key = accountKey(user.username);
  const budget = [{ key, budget: ACCOUNT_BUDGET }];
  const attempt = await takeAttempts(context.database, budget, context.clock());
  if (!attempt.allowed) return failure("too_many_attempts", attempt.retryAfterSeconds);

  const row = await findUserById(context.database, user.id);
  if (!row) return failure("unauthenticated");
  const normalized = normalizePassword(password);
  const verified = await context.hashLimiter.run(
    () => verifyPassword(row.passwordHash, normalized),
    [key],
  );
  if (verified === BUSY) {
    await giveBackAttempts(context.database, { attemptIds: attempt.attemptIds });
    return failure("busy");
  }
  if (!verified) return failure("current_password_wrong");
  await giveBackAttempts(context.database, { forgetKeys: [key] });
  return { ok: true };
}
