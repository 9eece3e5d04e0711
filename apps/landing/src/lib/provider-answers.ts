import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";

import { safeReturnTo } from "./client.ts";

/** What a provider's callback can end with, shown by `/sign-in-problem`. */
export const PROVIDER_PROBLEMS = new Set<AuthErrorCode>([
  "provider_sign_in_failed",
  "provider_sign_in_cancelled",
  "provider_unavailable",
  "identity_taken",
  "email_in_use",
  "account_locked",
]);

/**
 * A refused callback: a redirect to the page that says why (and, for a link started on
 * the account page, offers the way back there). Only a known code and an allowed return
 * address travel in its query.
 */
export function providerProblem(code: AuthErrorCode, returnTo: string): Response {
  const query = new URLSearchParams({ error: code });
  const back = safeReturnTo(returnTo);
  if (back) query.set("returnTo", back);
  return new Response(null, {
    status: 303,
    headers: { Location: `/sign-in-problem?${query.toString()}`, "Cache-Control": "no-store" },
  });
}

/** The problem named in the page's query, or the generic one for anything else. */
export function providerProblemCode(value: string | null): AuthErrorCode {
  const code = value as AuthErrorCode;
  return value !== null && value in AUTH_ERROR_CODES && PROVIDER_PROBLEMS.has(code)
    ? code
    : "provider_sign_in_failed";
}
