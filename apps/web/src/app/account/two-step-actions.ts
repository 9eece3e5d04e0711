"use server";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { revalidatePath } from "next/cache";

import { auth } from "../../lib/auth.ts";
import { formFailure, type FormFailure } from "../../lib/form-failure.ts";
import { guardAction } from "../../lib/guard.ts";
import { qrCodeImage } from "../../lib/qr-code.ts";

// The key and the codes leave the server only in these states, for the page to show: never in
// a URL, a cookie or a log line.

const PATH = "/account";
const SETUP_ENDED =
  "This setup has ended: it was finished or started again elsewhere. Please start again.";

/** The setup form: the start button, the key to scan with its code field, or the recovery codes. */
export type SetupState =
  | { step: "start"; message: string }
  | ({ step: "confirm"; secret: string; uri: string; qrCode: string } & FormFailure)
  | { step: "done"; recoveryCodes: string[]; message: string };

/**
 * Without a `code`, starts setting up an authenticator app (a new key each time); with one,
 * turns the key being set up on. A wrong code shows the same key again: the person may have
 * scanned it already.
 */
export async function authenticatorSetupAction(
  previous: SetupState,
  formData: FormData,
): Promise<SetupState> {
  const { user, session, ip } = await guardAction(PATH);
  const code = formData.get("code");
  if (code === null) {
    const started = await auth().startAuthenticatorSetup(user);
    if (!started.ok) {
      // "On already" (another tab): the page shows the card as it is now.
      revalidatePath(PATH);
      return { step: "start", message: formFailure(started.error).message };
    }
    return keyShown(started.secret, started.uri, { message: "", field: null });
  }
  if (typeof code !== "string") {
    return { step: "start", message: formFailure("invalid_request").message };
  }
  // A database failure throws: the page becomes the unavailable notice, answered 503.
  const result = await auth().confirmAuthenticatorSetup({
    user,
    code,
    currentSessionId: session.id,
    ip,
  });
  if (result.ok) {
    revalidatePath(PATH);
    return {
      step: "done",
      recoveryCodes: result.recoveryCodes,
      message: `Two-step verification is on. ${otherSessions(result.endedSessions)} ended.`,
    };
  }
  // Without JavaScript the previous state comes back from the form itself, so it is whatever
  // was posted: it is only shown again, to the person who sent it, and the QR code is drawn
  // anew from the URI.
  const sent = previous as { step?: unknown; uri?: unknown } | null;
  const uri = sent?.step === "confirm" ? keyUri(sent.uri) : null;
  if (result.error === "totp_not_enabled" || !uri) {
    revalidatePath(PATH);
    return { step: "start", message: SETUP_ENDED };
  }
  return keyShown(uri.secret, uri.text, formFailure(result.error, result.retryAfterSeconds));
}

async function keyShown(secret: string, uri: string, failure: FormFailure): Promise<SetupState> {
  return { step: "confirm", secret, uri, qrCode: await qrCodeImage(uri), ...failure };
}

/** An `otpauth://totp/` URI and the key it carries, or null for anything else. */
function keyUri(value: unknown): { text: string; secret: string } | null {
  if (typeof value !== "string" || !value.startsWith("otpauth://totp/")) return null;
  const secret = URL.parse(value)?.searchParams.get("secret") ?? "";
  return /^[A-Z2-7]{16,128}$/.test(secret) ? { text: value, secret } : null;
}

export type RecoveryCodesState =
  ({ status: "idle" | "failed" } & FormFailure) | { status: "done"; recoveryCodes: string[] };

/** Ten new recovery codes, the old ones void. Asks for the password, as a lost list is worth one. */
export async function newRecoveryCodesAction(
  _previous: RecoveryCodesState,
  formData: FormData,
): Promise<RecoveryCodesState> {
  const { user, ip } = await guardAction(PATH);
  const password = formData.get("password");
  if (typeof password !== "string") return { status: "failed", ...failed("invalid_request") };
  const result = await auth().regenerateRecoveryCodes({ user, password, ip });
  revalidatePath(PATH);
  if (!result.ok) {
    return { status: "failed", ...failed(result.error, result.retryAfterSeconds) };
  }
  return { status: "done", recoveryCodes: result.recoveryCodes };
}

export interface TurnOffState extends FormFailure {
  status: "idle" | "off" | "failed";
}

/**
 * Turns the authenticator app off. Asks for the password and a code (or a recovery code):
 * neither a stolen session nor a stolen password alone can remove the second step.
 */
export async function turnOffAuthenticatorAction(
  _previous: TurnOffState,
  formData: FormData,
): Promise<TurnOffState> {
  const { user, session, ip } = await guardAction(PATH);
  const password = formData.get("password");
  const code = formData.get("code");
  if (typeof password !== "string" || typeof code !== "string") {
    return { status: "failed", ...failed("invalid_request") };
  }
  const result = await auth().disableAuthenticator({
    user,
    password,
    code,
    currentSessionId: session.id,
    ip,
  });
  revalidatePath(PATH);
  if (!result.ok) {
    return { status: "failed", ...failed(result.error, result.retryAfterSeconds) };
  }
  return {
    status: "off",
    message: `Two-step verification is off. ${otherSessions(result.endedSessions)} ended.`,
    field: null,
  };
}

/** The message of a failure; these forms call their password field `password`. */
function failed(code: AuthErrorCode, retryAfterSeconds?: number): FormFailure {
  const { message, field } = formFailure(code, retryAfterSeconds);
  return { message, field: field === "currentPassword" ? "password" : field };
}

function otherSessions(count: number): string {
  return count === 1 ? "1 other session" : `${String(count)} other sessions`;
}
