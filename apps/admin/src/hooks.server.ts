// The glue between SvelteKit and the shared sign-in: every request to the admin console
// passes here before any page, action or endpoint runs (decision 0016).
//  1. the shared origin check on anything that can change state, and pages take only GET,
//     HEAD and POST;
//  2. the session from the cookie (`auth.resume`) into `locals`, the cookie re-sent or a
//     dead one cleared; an outage is a 503 that keeps the cookie and redirects nowhere;
//  3. signed out → landing's login, which sends the person back here afterwards;
//     signed in but not admitted (`canEnter`) → 403;
//  4. the security headers and `Cache-Control: no-store` on every answer.
// Pages cannot guard themselves: SvelteKit runs actions and every load of a page at once.
import { dev } from "$app/env";
import { canEnter } from "#lib/server/access.ts";
import { auth } from "#lib/server/auth.ts";
import { env } from "#lib/server/env.ts";
import { refusalResponse } from "#lib/server/refusal.ts";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import type { Handle, ServerInit } from "@sveltejs/kit/hooks";

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

  if (!a.isAllowedOrigin(request)) return finish(refusalResponse({ code: "invalid_origin" }));
  if (!PAGE_METHODS.has(request.method)) {
    return finish(refusalResponse({ code: "method_not_allowed" }, { Allow: "GET, HEAD, POST" }));
  }
  if (WITHOUT_SESSION.has(url.pathname)) return finish(await resolve(event));

  const resumed = await a.resume(request.headers);
  if (resumed.status === "unavailable") {
    const { ip } = a.client(request.headers, event.getClientAddress());
    a.report({ type: "unavailable", ip, reason: url.pathname });
    const retryAfter = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
    return finish(refusalResponse({ code: "unavailable" }, { "Retry-After": retryAfter }));
  }
  if (resumed.status === "signed-out") return finish(toLogin(url), resumed.setCookie);
  if (!canEnter(resumed.user)) {
    const { username } = resumed.user;
    return finish(refusalResponse({ code: "forbidden", username }), resumed.setCookie);
  }
  locals.user = resumed.user;
  locals.session = resumed.session;
  return finish(await resolve(event), resumed.setCookie);
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
function finish(response: Response, cookie: string | null = null): Response {
  // Some responses have immutable headers: copy before editing.
  const result = new Response(response.body, {
    status: response.status,
    headers: response.headers,
  });
  for (const [name, value] of Object.entries(auth().securityHeaders({ development: dev }))) {
    result.headers.set(name, value);
  }
  result.headers.set("Cache-Control", "no-store");
  if (cookie) result.headers.append("Set-Cookie", cookie);
  return result;
}
