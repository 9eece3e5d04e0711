import { findUserById } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { verifyPassword } from "../password/password-hash.ts";
import { isPlausiblePassword, normalizePassword } from "../password/password-rules.ts";
import type { SessionUser } from "../session/session.ts";
import { withPasswordCheck } from "../throttle/failure-budget.ts";
import { ACCOUNT_BUDGET, accountKey } from "../throttle/throttle.ts";

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
  const account = { key: accountKey(user.username), budget: ACCOUNT_BUDGET };
  const result = await withPasswordCheck(
    context.database,
    context.hashLimiter,
    { placeKeys: [account.key], claims: [account], now: context.clock() },
    async (place, counting): Promise<AuthResult<object, OwnPasswordError>> => {
      const [budgets, row] = await Promise.all([counting, findUserById(context.database, user.id)]);
      const admission = await budgets.admit([account]);
      if (!admission.allowed && "crowded" in admission) return failure("busy");
      if (!admission.allowed) return failure("too_many_attempts", admission.retryAfterSeconds);
      if (!row) return failure("unauthenticated");
      const normalized = normalizePassword(password);
      const verified = await place.run(() => verifyPassword(row.passwordHash, normalized));
      if (verified === BUSY) return failure("busy");
      if (!verified) {
        await budgets.fail([account]);
        return failure("current_password_wrong");
      }
      budgets.release();
      await budgets.forget([account]);
      return { ok: true };
    },
  );
  return result === BUSY ? failure("busy") : result;
}
