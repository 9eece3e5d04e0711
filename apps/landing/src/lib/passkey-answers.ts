import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";

import { auth } from "./auth.ts";

/** A passkey endpoint's refusal: `{"error":"<code>"}` with its status (the page's script reads it). */
export function passkeyFailure(error: AuthErrorCode): Response {
  return Response.json(
    { error },
    { status: ERROR_STATUS[error], headers: { "Cache-Control": "no-store" } },
  );
}

/**
 * Signed in by a passkey: the session cookie (and the browser's device token, when the
 * sign-in gave one) and `{"redirect": "<where to go>"}` for the script to follow.
 */
export function passkeySignedIn(
  signedIn: {
    token: string;
    session: { expiresAt: Date };
    device?: { token: string; expiresAt: Date } | null;
  },
  returnTo: string,
): Response {
  const a = auth();
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", a.cookie.serialize(signedIn.token, signedIn.session.expiresAt));
  if (signedIn.device) {
    headers.append("Set-Cookie", a.cookie.device(signedIn.device.token, signedIn.device.expiresAt));
  }
  return Response.json({ redirect: a.redirectAfterSignIn(returnTo || null) }, { headers });
}
