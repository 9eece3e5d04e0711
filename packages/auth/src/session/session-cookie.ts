import { readCookieValues, serializeCookie } from "../http/cookie-header.ts";

/** Where the session cookie lives: https or not, and the shared parent domain if any. */
export interface SessionCookieSettings {
  secure: boolean;
  domain: string | undefined;
}

/**
 * `__Secure-session` over https: browsers then refuse the cookie unless it is Secure and
 * set over https, so a plain-http page on a sibling host cannot plant one.
 */
export function sessionCookieName(settings: SessionCookieSettings): string {
  return settings.secure ? "__Secure-session" : "session";
}

/** The attributes of the session cookie, as cookie APIs (Next's `cookies().set`) take them. */
export interface SessionCookieAttributes {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  maxAge: number;
  secure: boolean;
  domain?: string;
}

/**
 * The one builder of the cookie's attributes: setting and clearing must match exactly, or
 * a browser keeps the old cookie (another Domain or Path is another cookie).
 */
export function sessionCookieAttributes(
  settings: SessionCookieSettings,
  maxAgeSeconds: number,
): SessionCookieAttributes {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: maxAgeSeconds,
    secure: settings.secure,
    ...(settings.domain ? { domain: settings.domain } : {}),
  };
}

/** Seconds from `now` until `expiresAt`, never negative: the cookie's Max-Age. */
export function secondsUntil(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
}

/** A `Set-Cookie` value holding the token until the session's expiry. */
export function serializeSessionCookie(
  token: string,
  expiresAt: Date,
  now: Date,
  settings: SessionCookieSettings,
): string {
  const attributes = sessionCookieAttributes(settings, secondsUntil(expiresAt, now));
  return serializeCookie(sessionCookieName(settings), token, attributes);
}

/** A `Set-Cookie` value that deletes the session cookie. */
export function serializeSessionCookieDeletion(settings: SessionCookieSettings): string {
  return serializeCookie(sessionCookieName(settings), "", sessionCookieAttributes(settings, 0));
}

/**
 * Every session token the `Cookie` header carries, as sent. One is the normal case; more
 * than one is never resolved by picking (see decision 0012).
 */
export function readSessionCookies(
  cookieHeader: string | null,
  settings: SessionCookieSettings,
): string[] {
  return readCookieValues(cookieHeader, sessionCookieName(settings));
}
