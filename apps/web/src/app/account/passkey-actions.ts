"use server";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { revalidatePath } from "next/cache";

import { auth } from "../../lib/auth.ts";
import { formFailure, type FormFailure } from "../../lib/form-failure.ts";
import { guardAction } from "../../lib/guard.ts";

const PATH = "/account";

/**
 * A rename or removal form's answer. One state serves every row of the list (a removed
 * row is gone from the page that answers), so it names the passkey it is about.
 */
export interface PasskeyFormState extends FormFailure {
  status: "idle" | "done" | "failed";
  passkeyId: string | null;
}

/** Gives a passkey another name (trimmed, at most 64 characters). */
export async function renamePasskeyAction(
  _previous: PasskeyFormState,
  formData: FormData,
): Promise<PasskeyFormState> {
  const { user } = await guardAction(PATH);
  const id = formData.get("id");
  const name = formData.get("name");
  if (typeof id !== "string" || typeof name !== "string") {
    return failed(null, "invalid_request");
  }
  if (name.trim() === "") return { status: "failed", passkeyId: id, ...NAME_MISSING };
  const result = await auth().renamePasskey({ user, id, name });
  revalidatePath(PATH);
  if (!result.ok) return failed(id, result.error);
  return { status: "done", passkeyId: id, message: "Passkey renamed.", field: null };
}

/**
 * Removes a passkey. Asks for the password, as turning off an authenticator app does: a
 * stolen session alone must not be able to take away a way to sign in.
 */
export async function removePasskeyAction(
  _previous: PasskeyFormState,
  formData: FormData,
): Promise<PasskeyFormState> {
  const { user, session, ip } = await guardAction(PATH);
  const id = formData.get("id");
  const password = formData.get("password");
  if (typeof id !== "string" || typeof password !== "string") {
    return failed(null, "invalid_request");
  }
  const result = await auth().removePasskey({
    user,
    id,
    password,
    currentSessionId: session.id,
    ip,
  });
  revalidatePath(PATH);
  if (!result.ok) return failed(id, result.error, result.retryAfterSeconds);
  const others =
    result.endedSessions === 1
      ? "1 other session"
      : `${String(result.endedSessions)} other sessions`;
  return {
    status: "done",
    passkeyId: null,
    message: `Passkey removed. ${others} ended.`,
    field: null,
  };
}

const NAME_MISSING: FormFailure = { message: "Enter a name for the passkey.", field: "name" };
const GONE: FormFailure = {
  message: "This passkey was removed already, perhaps in another tab.",
  field: null,
};

/** The message of a failure; these forms call their password field `password`. */
function failed(
  passkeyId: string | null,
  code: AuthErrorCode,
  retryAfterSeconds?: number,
): PasskeyFormState {
  if (code === "not_found") return { status: "failed", passkeyId: null, ...GONE };
  const { message, field } = formFailure(code, retryAfterSeconds);
  return {
    status: "failed",
    passkeyId,
    message,
    field: field === "currentPassword" ? "password" : field,
  };
}
