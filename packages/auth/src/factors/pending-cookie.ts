import { readCookieValues, serializeCookie } from "../http/cookie-header.ts";

/**
 * The cookie holding a pending sign-in (`__Host-pending` over https): landing's alone, no
 * script reads it, and it lives no longer than the pending sign-in itself. Lax, as the
 * session cookie: it must come along with the redirect from the login form.
 */
export function pendingCookieName(secure: boolean): string {
  return secure ? "__Host-pending" : "pending";
}

export function serializePendingCookie(token: string, maxAgeSeconds: number, secure: boolean) {
  return serializeCookie(pendingCookieName(secure), token, {
    maxAge: maxAgeSeconds,
    path: "/",
    sameSite: "lax",
    secure,
  });
}

export function serializePendingCookieDeletion(secure: boolean): string {
  return serializeCookie(pendingCookieName(secure), "", {
    maxAge: 0,
    path: "/",
    sameSite: "lax",
    secure,
  });
}

/** The pending sign-in a request carries, or null when it carries none — or several. */
export function readPendingCookie(cookieHeader: string | null, secure: boolean): string | null {
  const values = readCookieValues(cookieHeader, pendingCookieName(secure));
  return values.length === 1 ? (values[0] ?? null) : null;
}
