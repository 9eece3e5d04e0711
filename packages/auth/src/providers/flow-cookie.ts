import { readCookieValues, serializeCookie, type CookieAttributes } from "../http/cookie-header.ts";
import type { SessionCookieSettings } from "../session/session-cookie.ts";

/**
 * The cookie that binds a sign-in through a provider to the browser that started it: the
 * callback is accepted only from a browser holding it (no login CSRF: a stranger's callback
 * link finishes nothing here). Lax, or it would not come along on the provider's redirect
 * back; HttpOnly, 10 minutes at most. It follows the session cookie's domain, because a
 * link started on another app (web's account page) ends on landing's callback.
 */
export function flowCookieName(settings: SessionCookieSettings): string {
  if (!settings.secure) return "oauth";
  return settings.domain ? "__Secure-oauth" : "__Host-oauth";
}

/** The attributes as cookie APIs (Next's `cookies().set`) take them. */
export function flowCookieAttributes(
  settings: SessionCookieSettings,
  maxAgeSeconds: number,
): CookieAttributes & { httpOnly: true } {
  return {
    httpOnly: true,
    maxAge: maxAgeSeconds,
    path: "/",
    sameSite: "lax",
    secure: settings.secure,
    ...(settings.domain ? { domain: settings.domain } : {}),
  };
}

export function serializeFlowCookie(
  token: string,
  maxAgeSeconds: number,
  settings: SessionCookieSettings,
): string {
  return serializeCookie(
    flowCookieName(settings),
    token,
    flowCookieAttributes(settings, maxAgeSeconds),
  );
}

export function serializeFlowCookieDeletion(settings: SessionCookieSettings): string {
  return serializeCookie(flowCookieName(settings), "", flowCookieAttributes(settings, 0));
}

/** The flow a request carries, or null when it carries none — or several. */
export function readFlowCookie(
  cookieHeader: string | null,
  settings: SessionCookieSettings,
): string | null {
  const values = readCookieValues(cookieHeader, flowCookieName(settings));
  return values.length === 1 ? (values[0] ?? null) : null;
}
