"use server";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";

import { auth } from "../../lib/auth.ts";
import { formFailure } from "../../lib/form-failure.ts";
import { guardAction } from "../../lib/guard.ts";
import { redirectToLanding } from "../../lib/session.ts";

const PATH = "/account";
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;

/** Ends one of the user's sessions. Ending this device's own is signing out. */
export async function revokeSessionAction(formData: FormData): Promise<void> {
  const { user, session, ip } = await guardAction(PATH);
  const sessionId = formData.get("sessionId");
  if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) return;
  await auth().revokeSession(user, sessionId, ip);
  if (sessionId === session.id) await signedOut();
  revalidatePath(PATH);
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const { user, ip } = await guardAction(PATH);
  await auth().logOutEverywhere(user, ip);
  await signedOut();
}

async function signedOut(): Promise<never> {
  const a = auth();
  (await cookies()).set(a.cookie.name, "", a.cookie.attributes(null));
  redirectToLanding("/");
}

export interface ChangePasswordState {
  status: "idle" | "changed" | "failed";
  message: string;
  /** The field the message is about, if any. */
  field: string | null;
}

/**
 * Checks the current password, sets the new one and ends every other session. An account
 * without a password (made through a provider) sets its first one the same way, confirming
 * with a code from its authenticator app, or by a sign-in less than 10 minutes old.
 */
export async function changePasswordAction(
  _previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const { user, session, ip } = await guardAction(PATH);
  const currentPassword = formData.get("currentPassword") ?? "";
  const code = formData.get("code") ?? "";
  const newPassword = formData.get("newPassword");
  if (
    typeof currentPassword !== "string" ||
    typeof code !== "string" ||
    typeof newPassword !== "string"
  ) {
    return failed("invalid_request");
  }
  // A database failure throws: the page becomes the unavailable notice, answered 503.
  const result = await auth().changePassword({
    user,
    currentSessionId: session.id,
    sessionStartedAt: session.createdAt,
    currentPassword,
    code,
    newPassword,
    ip,
  });
  if (!result.ok) return failed(result.error, result.retryAfterSeconds);
  revalidatePath(PATH);
  const others =
    result.endedSessions === 1
      ? "1 other session"
      : `${String(result.endedSessions)} other sessions`;
  const done = result.first ? "Password set: you can log in with it too." : "Password changed.";
  return { status: "changed", message: `${done} ${others} ended.`, field: null };
}

function failed(code: AuthErrorCode, retryAfterSeconds?: number): ChangePasswordState {
  const { message, field } = formFailure(code, retryAfterSeconds);
  // The rules of a new password are about the new-password field.
  return { status: "failed", message, field: field === "password" ? "newPassword" : field };
}
