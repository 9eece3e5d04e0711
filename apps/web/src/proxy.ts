// Runs before every page and route of the web app. It does what only a proxy can:
//  - the shared origin check on every state-changing request (route handlers and server
//    actions check again themselves);
//  - pages take GET and HEAD, and POST for server actions, with a body of at most
//    MAX_ACTION_BYTES; anything else is refused before Next parses it;
//  - an early redirect to landing's login when a protected page comes with no cookie;
//  - on page requests (GETs and server actions), re-sending the session cookie when its
//    expiry moved (server components cannot set cookies), clearing a dead one, and
//    answering 503 if the database is down — an action cannot choose its own status;
//  - a fresh CSP nonce and the security headers.
// On a page GET or HEAD it hands its validation of the cookie to the page, in this process's
// memory (the request scope of server.ts), so that the session is read once per request;
// server actions, and pages the proxy did not run for, validate it themselves.
import { NextResponse, type NextRequest } from "next/server";

import { isDevelopment } from "./env.ts";
import { auth, clientFrom } from "./lib/auth.ts";
import { failureResponse } from "./lib/responses.ts";
import { handOnValidation, loginPath } from "./lib/session.ts";

const PROTECTED_PAGES = new Set(["/", "/account"]);
const PAGE_METHODS = new Set(["GET", "HEAD", "POST"]);

/** Server actions here take a few short fields; Next's own limit (1 MB) is far above that. */
const MAX_ACTION_BYTES = 64 * 1024;

export async function proxy(request: NextRequest): Promise<Response> {
  const a = auth();
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const development = isDevelopment();
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const finish = (response: Response, setCookie: string | null = null): Response =>
    a.finish(response, { setCookie, nonce, development });
  const refuse = (
    code: Parameters<typeof failureResponse>[1],
    extra: Record<string, string> = {},
  ) =>
    finish(
      failureResponse(request, code, { nonce, headers: extra, ...(isApi ? { json: true } : {}) }),
    );

  if (!a.isAllowedOrigin(request)) return refuse("invalid_origin");
  if (!isApi && !PAGE_METHODS.has(request.method)) {
    return refuse("method_not_allowed", { Allow: "GET, HEAD, POST" });
  }
  if (!isApi && request.method === "POST" && (await bodyExceeds(request, MAX_ACTION_BYTES))) {
    return refuse("payload_too_large");
  }

  const resumed = isApi ? null : await a.resume(request.headers);
  if (resumed?.status === "unavailable") {
    a.report({ type: "unavailable", ip: clientFrom(request.headers).ip, reason: pathname });
    return refuse("unavailable");
  }
  if (resumed && (request.method === "GET" || request.method === "HEAD")) {
    handOnValidation(resumed);
  }
  if (PROTECTED_PAGES.has(pathname) && resumed?.status === "signed-out") {
    const login = `${a.settings.landingOrigin}${loginPath(pathname + request.nextUrl.search)}`;
    return finish(NextResponse.redirect(login, 303), resumed.setCookie);
  }

  // Next reads the nonce for its own scripts from the request's CSP header.
  const forwarded = new Headers(request.headers);
  const csp = a.securityHeaders({ nonce, development })["Content-Security-Policy"] ?? "";
  forwarded.set("Content-Security-Policy", csp);
  forwarded.set("x-nonce", nonce);
  return finish(NextResponse.next({ request: { headers: forwarded } }), resumed?.setCookie);
}

/** Whether the body is longer than `limit` bytes, by its declared length or by reading a copy. */
async function bodyExceeds(request: NextRequest, limit: number): Promise<boolean> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return true;
  if (!request.body) return false;
  const reader = request.clone().body?.getReader();
  if (!reader) return false;
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a cloned body settles only once the other
      // branch is done too, and the refusal is sent without reading it.
      reader.cancel().catch(() => undefined);
      return true;
    }
  }
}

export const config = {
  // Static files need none of this: the server gives them the security headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
