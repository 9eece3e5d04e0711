// Every request to landing passes here: the shared origin check on anything that can
// change state; pages answer GET and HEAD only; then the session from the cookie into
// Astro.locals; then the headers every response carries. A database outage — here or in
// whatever runs next — answers 503 and leaves the cookie alone.
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { isUnavailableError } from "@monorepo-auth/auth/errors";
import type { APIContext } from "astro";
import { defineMiddleware } from "astro:middleware";

import { auth } from "./lib/auth.ts";
import { client } from "./lib/client.ts";
import { MAILED_LINK_PATHS } from "./lib/mailed-link.ts";
import { respondWithFailure } from "./lib/outcome.ts";

// Health must answer whatever cookie comes with it.
const WITHOUT_SESSION = new Set(["/api/health"]);
const PAGE_METHODS = new Set(["GET", "HEAD"]);

export const onRequest = defineMiddleware(async (context, next) => {
  // A rewrite to a page that shows how a request ended: the checks below already ran for it.
  if (context.locals.outcome || context.locals.done) return next();

  const a = auth();
  context.locals.user = null;
  context.locals.session = null;

  if (!a.isAllowedOrigin(context.request)) {
    return finish(await respondWithFailure(context, "invalid_origin"));
  }
  const { pathname } = context.url;
  if (!pathname.startsWith("/api/") && !PAGE_METHODS.has(context.request.method)) {
    const refused = respondWithFailure(context, "method_not_allowed", {
      headers: { Allow: "GET, HEAD" },
    });
    return finish(await refused);
  }

  let cookie: string | null = null;
  if (!WITHOUT_SESSION.has(pathname)) {
    const resumed = await a.resume(context.request.headers);
    if (resumed.status === "unavailable") return finish(await unavailable(context));
    if (resumed.status === "signed-in") {
      context.locals.user = resumed.user;
      context.locals.session = resumed.session;
    }
    cookie = resumed.setCookie;
  }
  try {
    const response = finish(await next(), cookie);
    // No other site a mailed link's page links to learns where it came from. Not
    // "no-referrer": with it, Chromium sends `Origin: null` on the page's own form.
    if (MAILED_LINK_PATHS.has(pathname)) response.headers.set("Referrer-Policy", "same-origin");
    return response;
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    return finish(await unavailable(context));
  }
});

/** The security headers, `no-store`, and the session cookie when it must be re-sent or cleared. */
function finish(response: Response, setCookie: string | null = null): Response {
  return auth().finish(response, { setCookie, development: import.meta.env.DEV });
}

async function unavailable(context: APIContext): Promise<Response> {
  auth().report({ type: "unavailable", ip: client(context).ip, reason: context.url.pathname });
  return respondWithFailure(context, "unavailable", {
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
}
