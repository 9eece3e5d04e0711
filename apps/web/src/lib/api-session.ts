import "server-only";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";

import { auth, clientFrom } from "./auth.ts";
import { failureResponse } from "./responses.ts";
import type { SignedIn } from "./session.ts";

export type ApiSession =
  | (SignedIn & { ok: true; ip: string | null; setCookie: string | null })
  | { ok: false; response: Response };

/**
 * The first lines of a JSON route that changes something of the signed-in user: the
 * origin check again (the proxy may be bypassed), then the session validated against the
 * database — which the proxy does not do for /api routes. The answer to a refusal is
 * ready to send: 403, 401 (clearing a dead cookie) or 503.
 */
export async function apiSession(request: Request): Promise<ApiSession> {
  const a = auth();
  if (!a.isAllowedOrigin(request)) return refused(request, "invalid_origin");
  const resumed = await a.resume(request.headers);
  if (resumed.status === "unavailable") return refused(request, "unavailable");
  if (resumed.status === "signed-out") {
    return refused(request, "unauthenticated", resumed.setCookie);
  }
  return {
    ok: true,
    user: resumed.user,
    session: resumed.session,
    ip: clientFrom(request.headers).ip,
    setCookie: resumed.setCookie,
  };
}

/**
 * `response` re-sending the session cookie when `resume` moved its expiry: the database
 * has the new expiry already, so every answer must carry it, a refusal too.
 */
export function withCookie(response: Response, setCookie: string | null): Response {
  if (setCookie) response.headers.append("Set-Cookie", setCookie);
  return response;
}

function refused(
  request: Request,
  code: AuthErrorCode,
  setCookie: string | null = null,
): { ok: false; response: Response } {
  return {
    ok: false,
    response: withCookie(failureResponse(request, code, { json: true }), setCookie),
  };
}
