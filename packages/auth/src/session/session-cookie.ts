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

// The one builder of cookie attributes: setting and clearing must match exactly, or a
// browser keeps the old cookie (a different Domain or Path is a different cookie).
function cookieAttributes(settings: SessionCookieSettings, maxAgeSeconds: number): string {
  const attributes = [`Max-Age=${maxAgeSeconds}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (settings.secure) attributes.push("Secure");
  if (settings.domain) attributes.push(`Domain=${settings.domain}`);
  return attributes.join("; ");
}

/** A `Set-Cookie` value holding the token until the session's expiry. */
export function serializeSessionCookie(
  token: string,
  expiresAt: Date,
  now: Date,
  settings: SessionCookieSettings,
): string {
  const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${sessionCookieName(settings)}=${token}; ${cookieAttributes(settings, maxAgeSeconds)}`;
}

/** A `Set-Cookie` value that deletes the session cookie. */
export function serializeSessionCookieDeletion(settings: SessionCookieSettings): string {
  return `${sessionCookieName(settings)}=; ${cookieAttributes(settings, 0)}`;
}

/**
 * The session token from a `Cookie` header, or null. The value is returned as sent; it is
 * checked against the token format before any use.
 */
export function readSessionCookie(
  cookieHeader: string | null,
  settings: SessionCookieSettings,
): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(settings);
  for (const pair of cookieHeader.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}
