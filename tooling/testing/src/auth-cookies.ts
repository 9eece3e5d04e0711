// The two cookies the apps set, as a test reads and sends them. The apps run over http in
// the tests, so the names are the plain ones (over https they are `__Secure-session` and
// `__Host-device`).
import { cookieAttributes, cookieValue, type HttpResult } from "./http.ts";

export const SESSION_COOKIE_NAME = "session";
export const DEVICE_COOKIE_NAME = "device";

/** The `Cookie` header of a browser holding this session token. */
export function cookieHeader(token: string): string {
  return `${SESSION_COOKIE_NAME}=${token}`;
}

/** The Set-Cookie lines of a response that concern the session cookie. */
export function sessionCookieLines(result: HttpResult): string[] {
  return result.setCookies.filter((line) => cookieValue(line, SESSION_COOKIE_NAME) !== null);
}

/** Whether the response deletes the session cookie (empty value, `Max-Age=0`), and only that. */
export function clearsSessionCookie(result: HttpResult): boolean {
  const lines = sessionCookieLines(result);
  return (
    lines.length > 0 &&
    lines.every(
      (line) =>
        cookieValue(line, SESSION_COOKIE_NAME) === "" && cookieAttributes(line)["max-age"] === "0",
    )
  );
}

/** The device token a response set, or null when it set none. */
export function deviceTokenFrom(result: HttpResult): string | null {
  for (const line of result.setCookies) {
    const value = cookieValue(line, DEVICE_COOKIE_NAME);
    if (value !== null) return value;
  }
  return null;
}
