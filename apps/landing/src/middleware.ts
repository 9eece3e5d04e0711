// Every request to landing passes here: the shared origin check on anything that can
// change state, then the session from the cookie into Astro.locals, then the headers every
// response carries. A database outage answers 503 and leaves the cookie alone.
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { securityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { isUnavailableError } from "@monorepo-auth/db/errors";
import { defineMiddleware } from "astro:middleware";

import { auth } from "./lib/auth.ts";
import { clientIp } from "./lib/client.ts";
import { respondWithFailure } from "./lib/outcome.ts";

// Health must answer whatever cookie comes with it.
const WITHOUT_SESSION = new Set(["/api/health"]);

export const onRequest = defineMiddleware(async (context, next) => {
  // A rewrite to a page that shows an outcome: the checks below already ran for it.
  if (context.locals.outcome) return next();

  const a = auth();
  context.locals.user = null;
  context.locals.session = null;

  if (!a.isAllowedOrigin(context.request)) {
    return finish(await respondWithFailure(context, "invalid_origin"), null);
  }

  const token = WITHOUT_SESSION.has(context.url.pathname)
    ? null
    : a.cookie.read(context.request.headers);
  let cookie: string | null = null;
  if (token !== null) {
    try {
      const { session, user, refreshed } = await a.validateSessionToken(token);
      if (session) {
        context.locals.user = user;
        context.locals.session = session;
        if (refreshed) cookie = a.cookie.serialize(token, session.expiresAt);
      } else {
        cookie = a.cookie.clear();
      }
    } catch (error) {
      if (!isUnavailableError(error)) throw error;
      a.report({ type: "unavailable", ip: clientIp(context), reason: context.url.pathname });
      const response = await respondWithFailure(context, "unavailable", {
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      });
      return finish(response, null);
    }
  }
  return finish(await next(), cookie);
});

/**
 * Adds the security headers, `Cache-Control: no-store` (every page here depends on the
 * session), and the session cookie when it must be re-sent or cleared — unless the
 * response sets that cookie itself, as a login does, which must win.
 */
function finish(response: Response, cookie: string | null): Response {
  // Redirects and some framework responses have immutable headers: copy before editing.
  // The status text is left out so that the server writes the standard one for the status.
  const result = new Response(response.body, {
    status: response.status,
    headers: response.headers,
  });
  const a = auth();
  const appOrigins = [a.settings.landingOrigin, a.settings.webOrigin];
  const headers = securityHeaders({ appOrigins, development: import.meta.env.DEV });
  for (const [name, value] of Object.entries(headers)) {
    result.headers.set(name, value);
  }
  if (!result.headers.has("cache-control")) result.headers.set("Cache-Control", "no-store");
  const setsSessionCookie = result.headers
    .getSetCookie()
    .some((line) => line.startsWith(`${a.cookie.name}=`));
  if (cookie && !setsSessionCookie) result.headers.append("Set-Cookie", cookie);
  return result;
}
