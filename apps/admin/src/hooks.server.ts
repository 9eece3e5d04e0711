// The glue between SvelteKit and the shared sign-in: every request to the admin console
// passes here before any page, action or endpoint runs (decision 0016).
//  1. the shared origin check on anything that can change state, and pages take only GET,
//     HEAD and POST;
//  2. the session from the cookie (`auth.resume`) into `locals`, the cookie re-sent or a
//     dead one cleared; an outage is a 503 that keeps the cookie and redirects nowhere;
//  3. signed out → landing's login, which sends the person back here afterwards;
//     signed in but not an unlocked administrator (`openConsole`) → 403;
//  4. the console opened for that administrator into `locals`, which every page and action
//     goes through;
//  5. the security headers and `Cache-Control: no-store` on every answer.
// Pages cannot guard themselves: SvelteKit runs actions and every load of a page at once.
import { dev } from "$app/env";
import { openConsole } from "#lib/server/access.ts";
import { auth } from "#lib/server/auth.ts";
import { env } from "#lib/server/env.ts";
import { refusalResponse } from "#lib/server/refusal.ts";
import type { AdminConsole } from "@monorepo-auth/auth/admin/admin-console";
import { AUTH_ERROR_CODES, isUnavailableError } from "@monorepo-auth/auth/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";

import type { Handle, HandleServerError, ServerInit } from "@sveltejs/kit/hooks";

const PAGE_METHODS = new Set(["GET", "HEAD", "POST"]);
// Health answers whatever cookie comes with it.
const WITHOUT_SESSION = new Set(["/api/health"]);

// A bad setting stops the dev server at its start too (server.ts checks it in production).
export const init: ServerInit = () => {
  env();
};

export const handle: Handle = async ({ event, resolve }) => {
  const a = auth();
  const { request, url, locals } = event;
  locals.user = null;
  locals.session = null;
  locals.adminConsole = null;
  locals.ip = null;

  if (!a.isAllowedOrigin(request)) return finish(refusalResponse({ code: "invalid_origin" }));
  if (!PAGE_METHODS.has(request.method)) {
    return finish(refusalResponse({ code: "method_not_allowed" }, { Allow: "GET, HEAD, POST" }));
  }
  if (WITHOUT_SESSION.has(url.pathname)) return finish(await resolve(event));

  const { ip } = a.client(request.headers, event.getClientAddress());
  const unavailable = (): Response => {
    a.report({ type: "unavailable", ip, reason: url.pathname });
    const retryAfter = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
    return finish(refusalResponse({ code: "unavailable" }, { "Retry-After": retryAfter }));
  };
  const resumed = await a.resume(request.headers);
  if (resumed.status === "unavailable") return unavailable();
  if (resumed.status === "signed-out") return finish(toLogin(url), resumed.setCookie);
  const { user, session } = resumed;
  let opened: AdminConsole | null;
  try {
    opened = await openConsole({ user, session, ip });
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    return unavailable();
  }
  if (!opened) {
    return finish(
      refusalResponse({ code: "forbidden", username: user.username }),
      resumed.setCookie,
    );
  }
  locals.user = user;
  locals.session = session;
  locals.adminConsole = opened;
  locals.ip = ip;
  return finish(await resolve(event), resumed.setCookie);
};

/**
 * A page or action that failed because the database did is a 503 whose page says
 * "temporarily unavailable", never a 500; other failures keep SvelteKit's status, and the
 * error page shows nothing of them.
 */
export const handleError: HandleServerError = ({ kind, error }) => {
  if (kind !== "unknown") return;
  if (isUnavailableError(error))
    return { status: 503, message: AUTH_ERROR_CODES.unavailable.message };
  console.error(error);
};

/**
 * To landing's login, which returns the person to this page once signed in. The page's
 * address is built on ADMIN_URL: the request's own origin comes from its Host header.
 */
function toLogin(url: URL): Response {
  const { adminOrigin, landingOrigin } = env();
  const returnTo = encodeURIComponent(`${adminOrigin}${url.pathname}${url.search}`);
  const location = `${landingOrigin}/login?returnTo=${returnTo}`;
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** The headers every answer carries, and the session cookie when it must be re-sent or cleared. */
function finish(response: Response, setCookie: string | null = null): Response {
  return auth().finish(response, { setCookie, development: dev });
}
