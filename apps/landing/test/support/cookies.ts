// Reading the session cookie out of responses.
import { cookieAttributes, cookieValue, type HttpResult } from "@monorepo-auth/testing/http";

import { COOKIE_NAME } from "./landing.ts";

/** The Set-Cookie lines of a response that concern the session cookie. */
export function sessionCookieLines(result: HttpResult): string[] {
  return result.setCookies.filter((line) => cookieValue(line, COOKIE_NAME) !== null);
}

/** Whether the response deletes the session cookie (empty value, `Max-Age=0`), and only that. */
export function clearsSessionCookie(result: HttpResult): boolean {
  const lines = sessionCookieLines(result);
  return (
    lines.length > 0 &&
    lines.every(
      (line) => cookieValue(line, COOKIE_NAME) === "" && cookieAttributes(line)["max-age"] === "0",
    )
  );
}
