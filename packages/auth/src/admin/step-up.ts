import { markSteppedUp } from "@monorepo-auth/db/sessions";

import type { AuthContext } from "../auth-context.ts";
import type { AuthResult } from "../errors.ts";
import type { SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "../users/check-own-password.ts";

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

export type ConfirmPasswordError = OwnPasswordError;

/** Checks a signed-in user's password again and marks the session as stepped up. */
export async function confirmPassword(
  context: AuthContext,
  input: { user: SessionUser; sessionId: string; password: string; ip: string | null },
): Promise<AuthResult<object, ConfirmPasswordError>> {
  const { user, ip } = input;
  const checked = await checkOwnPassword(context, user, input.password);
  if (!checked.ok) {
    context.emit({
      type: "password_confirm_failed",
      username: user.username,
      userId: user.id,
      ip,
      reason: checked.error,
    });
    return checked;
  }
  await markSteppedUp(context.database, input.sessionId, context.clock());
  context.emit({ type: "password_confirmed", username: user.username, userId: user.id, ip });
  return { ok: true };
}
