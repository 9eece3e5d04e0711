import { isUnavailableError } from "@monorepo-auth/auth/errors";
import { prefersJson } from "@monorepo-auth/auth/http/content-negotiation";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import type { APIContext } from "astro";

import { auth } from "./auth.ts";
import { client } from "./client.ts";
import { respondWithFailure, type PageOutcome } from "./outcome.ts";

/**
 * 303 to where the person was going on the web app, carrying the new session cookie (and
 * the browser's new device token, when the sign-in issued one).
 */
export function signedInResponse(
  signedIn: {
    token: string;
    session: { expiresAt: Date };
    device?: { token: string; expiresAt: Date } | null;
  },
  returnTo: unknown,
): Response {
  const a = auth();
  const headers = new Headers({
    Location: a.redirectAfterSignIn(returnTo),
    "Cache-Control": "no-store",
  });
  headers.append("Set-Cookie", a.cookie.serialize(signedIn.token, signedIn.session.expiresAt));
  if (signedIn.device) {
    headers.append("Set-Cookie", a.cookie.device(signedIn.device.token, signedIn.device.expiresAt));
  }
  return new Response(null, { status: 303, headers });
}

/**
 * The password was right and a second factor is due: the pending sign-in goes into this
 * browser's cookie, and the person to the page that asks for the code (303), keeping where
 * they were going. A JSON client gets 401 `{"error":"second_factor_required"}` and the
 * cookie, and posts the code to `/api/two-step` itself.
 */
export function secondStepResponse(
  context: APIContext,
  pending: { token: string; expiresAt: Date },
  returnTo: string,
): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", auth().cookie.pending(pending.token, pending.expiresAt));
  if (prefersJson(context.request.headers.get("accept"))) {
    return Response.json({ error: "second_factor_required" }, { status: 401, headers });
  }
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : "";
  headers.set("Location", `/two-step${query}`);
  return new Response(null, { status: 303, headers });
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
    auth().report({ type: "unavailable", ip: client(context).ip, reason: context.url.pathname });
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
