import { readCookieValues, serializeCookie } from "../http/cookie-header.ts";

/**
 * `__Host-device` over https: browsers accept such a cookie only from this very host, with
 * `Path=/` and no `Domain`, so no sibling subdomain can plant or shadow one. It goes only to
 * landing, only from the same site, and no script can read it.
 */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-device" : "device";
}

/** A `Set-Cookie` value holding a device token for `maxAgeSeconds`. */
export function serializeDeviceCookie(
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  return serializeCookie(deviceCookieName(secure), token, {
    maxAge: maxAgeSeconds,
    path: "/",
    sameSite: "strict",
    secure,
  });
}

/** The device token a request carries, or null when it carries none — or several. */
export function readDeviceCookie(cookieHeader: string | null, secure: boolean): string | null {
  const values = readCookieValues(cookieHeader, deviceCookieName(secure));
  return values.length === 1 ? (values[0] ?? null) : null;
}
