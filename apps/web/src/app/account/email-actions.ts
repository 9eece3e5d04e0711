"use server";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { revalidatePath } from "next/cache";

import { auth } from "../../lib/auth.ts";
import { formFailure } from "../../lib/form-failure.ts";
import { guardAction } from "../../lib/guard.ts";

const PATH = "/account";

export interface EmailFormState {
  /** "unsent": the address was saved but its link could not be mailed. */
  status: "idle" | "sent" | "unsent" | "failed";
  message: string;
  /** The field the message is about, if any. */
  field: string | null;
}

const sentTo = (address: string): EmailFormState => ({
  status: "sent",
  message: `We sent a link to ${address}. Follow it to verify the address.`,
  field: null,
});

/**
 * Gives the account a new, unverified address and mails it a link. Asks for the password:
 * a stolen session alone must not be able to move where reset links go.
 */
export async function changeEmailAction(
  _previous: EmailFormState,
  formData: FormData,
): Promise<EmailFormState> {
  const { user, ip } = await guardAction(PATH);
  const email = formData.get("email");
  const currentPassword = formData.get("currentPassword");
  if (typeof email !== "string" || typeof currentPassword !== "string") {
    return failed("invalid_request");
  }
  // A database failure throws: the page becomes the unavailable notice, answered 503.
  const result = await auth().changeEmail({ user, email, currentPassword, ip });
  if (!result.ok) return failed(result.error, result.retryAfterSeconds);
  revalidatePath(PATH);
  if (result.delivery === "failed") {
    return {
      status: "unsent",
      message:
        "Address saved, but we could not send the verification mail. Please try again later with 'Send the link again'.",
      field: null,
    };
  }
  return sentTo(result.email);
}

/** Mails the account's unverified address a new link (the last may be lost or expired). */
export async function resendVerificationAction(_previous: EmailFormState): Promise<EmailFormState> {
  const { user, ip } = await guardAction(PATH);
  const result = await auth().resendVerification({ user, ip });
  // The address may have been verified or replaced in another tab meanwhile.
  revalidatePath(PATH);
  if (!result.ok) return failed(result.error, result.retryAfterSeconds);
  return sentTo(result.email);
}

function failed(code: AuthErrorCode, retryAfterSeconds?: number): EmailFormState {
  return { status: "failed", ...formFailure(code, retryAfterSeconds) };
}
