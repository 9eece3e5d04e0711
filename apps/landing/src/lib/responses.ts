import { isUnavailableError } from "@monorepo-auth/db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import type { APIContext } from "astro";

import { auth } from "./auth.ts";
import { clientIp } from "./client.ts";
import { respondWithFailure, type PageOutcome } from "./outcome.ts";

/** 303 to where the person was going on the web app, carrying the new session cookie. */
export function signedInResponse(token: string, expiresAt: Date, returnTo: unknown): Response {
  const a = auth();
  return new Response(null, {
    status: 303,
    headers: {
      Location: a.redirectAfterSignIn(returnTo),
      "Set-Cookie": a.cookie.serialize(token, expiresAt),
      "Cache-Control": "no-store",
    },
  });
}

/**
 * Runs `work`, answering 503 on the given page if the database is unreachable. The cookie
 * is left alone: an outage is not a sign-out.
 */
export async function unlessUnavailable(
  context: APIContext,
  page: string | undefined,
  values: PageOutcome["values"],
  work: () => Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    auth().report({ type: "unavailable", ip: clientIp(context), reason: context.url.pathname });
    return respondWithFailure(context, "unavailable", {
      ...(page ? { page } : {}),
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      ...(values ? { values } : {}),
    });
  }
}

/** For any other method on a POST-only endpoint: 405, and nothing happens. */
export function methodNotAllowed(context: APIContext): Promise<Response> | Response {
  return respondWithFailure(context, "method_not_allowed", { headers: { Allow: "POST" } });
}
