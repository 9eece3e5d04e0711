// Runs before every page and route of the web app. It does what only a proxy can:
//  - the shared origin check on every state-changing request (route handlers and server
//    actions check again themselves);
//  - an early redirect to landing's login when a protected page comes with no cookie;
//  - on page requests (GETs and server actions), re-sending the session cookie when its
//    expiry moved (server components cannot set cookies), clearing a dead one, and
//    answering 503 if the database is down — an action cannot choose its own status;
//  - a fresh CSP nonce and the security headers.
// It never decides that a session is valid: every page validates it again itself.
import { isUnavailableError } from "@monorepo-auth/db/errors";
import { securityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { NextResponse, type NextRequest } from "next/server";

import { isDevelopment } from "./env.ts";
import { auth, clientIpFrom } from "./lib/auth.ts";
import { failureResponse } from "./lib/responses.ts";
import { loginPath } from "./lib/session.ts";

const PROTECTED_PAGES = new Set(["/", "/account"]);

export async function proxy(request: NextRequest): Promise<Response> {
  const a = auth();
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const headers = securityHeaders({
    appOrigins: [a.settings.landingOrigin, a.settings.webOrigin],
    nonce,
    development: isDevelopment(),
  });
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const finish = (response: Response): Response => {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };

  if (!a.isAllowedOrigin(request)) {
    return finish(
      failureResponse(request, "invalid_origin", { nonce, ...(isApi ? { json: true } : {}) }),
    );
  }

  const token = a.cookie.read(request.headers);
  if (PROTECTED_PAGES.has(pathname) && token === null) {
    const login = `${a.settings.landingOrigin}${loginPath(pathname + request.nextUrl.search)}`;
    return finish(NextResponse.redirect(login, 303));
  }

  let cookie: string | null = null;
  if (!isApi && token !== null) {
    try {
      const { session, refreshed } = await a.validateSessionToken(token);
      if (!session) cookie = a.cookie.clear();
      else if (refreshed) cookie = a.cookie.serialize(token, session.expiresAt);
    } catch (error) {
      if (!isUnavailableError(error)) throw error;
      a.report({ type: "unavailable", ip: clientIpFrom(request.headers), reason: pathname });
      return finish(failureResponse(request, "unavailable", { nonce }));
    }
  }

  // Next reads the nonce for its own scripts from the request's CSP header.
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  forwarded.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: forwarded } });
  if (cookie) response.headers.append("Set-Cookie", cookie);
  return finish(response);
}

export const config = {
  // Static files need none of this.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
