"use server";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import type { Route } from "next";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { auth } from "../../lib/auth.ts";
import { formFailure, type FormFailure } from "../../lib/form-failure.ts";
import { guardAction } from "../../lib/guard.ts";
import { providerLabel } from "../../lib/sign-in-method.ts";

const PATH = "/account";

/**
 * A "Link <provider>" form's answer: only failures come back, a success leaves for the
 * provider. One state serves every provider's form, so it names the provider it is about.
 */
export interface LinkFormState extends FormFailure {
  status: "idle" | "failed";
  providerId: string | null;
}

/**
 * An "Unlink" form's answer. One state serves every row; a row unlinked is gone from the
 * page that answers, so `identity` (`<provider>:<subject>`) is null once it is done.
 */
export interface UnlinkFormState extends FormFailure {
  status: "idle" | "done" | "failed";
  identity: string | null;
}

/**
 * Starts linking a provider account, once the person confirmed it is them (password, else
 * a code from the app, else a recent sign-in): the browser goes to the provider with the
 * flow cookie, and landing's callback links the account and sends it back here. Without
 * JavaScript that is a 303 answering a form post, which the CSP's `form-action` allows for
 * the providers' origins.
 */
export async function linkIdentityAction(
  _previous: LinkFormState,
  formData: FormData,
): Promise<LinkFormState> {
  const { user, session, ip } = await guardAction(PATH);
  const providerId = formData.get("provider");
  const password = formData.get("password") ?? "";
  const code = formData.get("code") ?? "";
  if (typeof providerId !== "string" || typeof password !== "string" || typeof code !== "string") {
    return linkFailed(null, "invalid_request");
  }
  const a = auth();
  const result = await a.startIdentityLink({
    user,
    session,
    providerId,
    password,
    code,
    ip,
    returnTo: `${a.settings.webOrigin}${PATH}`,
  });
  if (!result.ok) {
    // A recovery code may have been used up confirming: the two-step card counts them.
    revalidatePath(PATH);
    return linkFailed(providerId, result.error, result.retryAfterSeconds);
  }
  (await cookies()).set(a.cookie.flowName, result.token, a.cookie.flowAttributes(result.expiresAt));
  // The provider is another site, outside Next's typed routes: built from its parts, as
  // lib/session.ts builds its redirect to landing, the assertion holds with them or without.
  const provider = new URL(result.url);
  redirect(`${provider.origin}${provider.pathname}${provider.search}` as Route);
}

/**
 * Unlinks a provider account, once the person confirmed it is them, unless it is their only
 * way in. Every other session ends, as one may have come through that account.
 */
export async function unlinkIdentityAction(
  _previous: UnlinkFormState,
  formData: FormData,
): Promise<UnlinkFormState> {
  const { user, session, ip } = await guardAction(PATH);
  const provider = formData.get("provider");
  const subject = formData.get("subject");
  const password = formData.get("password") ?? "";
  const code = formData.get("code") ?? "";
  if (
    typeof provider !== "string" ||
    typeof subject !== "string" ||
    typeof password !== "string" ||
    typeof code !== "string"
  ) {
    return unlinkFailed(null, "invalid_request");
  }
  const a = auth();
  const result = await a.unlinkIdentity({ user, session, provider, subject, password, code, ip });
  revalidatePath(PATH);
  if (!result.ok) {
    return unlinkFailed(`${provider}:${subject}`, result.error, result.retryAfterSeconds);
  }
  const others =
    result.endedSessions === 1
      ? "1 other session"
      : `${String(result.endedSessions)} other sessions`;
  return {
    status: "done",
    identity: null,
    message: `${providerLabel(a.signInProviders(), provider)} unlinked. ${others} ended.`,
    field: null,
  };
}

const PROVIDER_GONE: FormFailure = {
  message: "This provider is not offered any more. Reload the page to see the ones that are.",
  field: null,
};
const GONE: FormFailure = {
  message: "This account was unlinked already, perhaps in another tab.",
  field: null,
};

function linkFailed(
  providerId: string | null,
  code: AuthErrorCode,
  retryAfterSeconds?: number,
): LinkFormState {
  const failure = code === "not_found" ? PROVIDER_GONE : failed(code, retryAfterSeconds);
  return { status: "failed", providerId, ...failure };
}

function unlinkFailed(
  identity: string | null,
  code: AuthErrorCode,
  retryAfterSeconds?: number,
): UnlinkFormState {
  if (code === "not_found") return { status: "failed", identity: null, ...GONE };
  return { status: "failed", identity, ...failed(code, retryAfterSeconds) };
}

/** The message of a failure; these forms call their password field `password`. */
function failed(code: AuthErrorCode, retryAfterSeconds?: number): FormFailure {
  const { message, field } = formFailure(code, retryAfterSeconds);
  return { message, field: field === "currentPassword" ? "password" : field };
}
