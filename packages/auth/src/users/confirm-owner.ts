import { findTotpFactor } from "@monorepo-auth/db/second-factors";
import { findUserById } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { proveSecondFactor, type SecondFactorError } from "../factors/second-factor.ts";
import type { SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "./check-own-password.ts";

/** How recent a sign-in confirms it is the owner, on an account with no password or code. */
export const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

export type ConfirmError = OwnPasswordError | SecondFactorError | "reauthentication_required";

/**
 * The owner confirms it is them before changing how the account signs in: with the
 * password; without one (an account made through a provider), with a code from the
 * authenticator app; with neither, by having signed in within the last 10 minutes, as
 * GitHub's "sudo mode" does. A stolen session alone cannot add a way in for a stranger, or
 * take one away from the owner.
 */
export async function confirmOwner(
  context: AuthContext,
  input: {
    user: SessionUser;
    /** When the session asking started. */
    sessionStartedAt: Date;
    password: string;
    code: string;
    ip: string | null;
  },
): Promise<AuthResult<object, ConfirmError>> {
  const { user } = input;
  const [row, factor] = await Promise.all([
    findUserById(context.database, user.id),
    findTotpFactor(context.database, user.id),
  ]);
  if (!row) return failure("unauthenticated");
  if (row.passwordHash !== "") return checkOwnPassword(context, user, input.password);
  if (factor?.enabledAt != null) {
    const proved = await proveSecondFactor(context, user, input.code, { ip: input.ip });
    return proved.ok ? { ok: true } : proved;
  }
  const age = context.clock().getTime() - input.sessionStartedAt.getTime();
  return age <= FRESH_SIGN_IN_MS ? { ok: true } : failure("reauthentication_required");
}
