import { readCookieValues, serializeCookie } from "../http/cookie-header.ts";

/**
 * The device cookie goes only to landing's login endpoint (and anything below it), only
 * from the same site, and to landing's host alone: no other app, page or script needs it.
 */
export const DEVICE_COOKIE_PATH = "/api/login";

export function deviceCookieName(secure: boolean): string {
  return secure ? "__Secure-device" : "device";
}

/** A `Set-Cookie` value holding a device token for `maxAgeSeconds`. */
export function serializeDeviceCookie(
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  return serializeCookie(deviceCookieName(secure), token, {
    maxAge: maxAgeSeconds,
    path: DEVICE_COOKIE_PATH,
    sameSite: "strict",
    secure,
  });
}

/** The device token a request carries, or null when it carries none — or several. */
export function readDeviceCookie(cookieHeader: string | null, secure: boolean): string | null {
  const values = readCookieValues(cookieHeader, deviceCookieName(secure));
  return values.length === 1 ? (values[0] ?? null) : null;
}
