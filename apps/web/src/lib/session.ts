import "server-only";

import type { AppAuth } from "@monorepo-auth/auth/app-auth";
import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";
import { handedOn, handOn } from "@monorepo-auth/server/request-scope";
import type { Route } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { auth } from "./auth.ts";

export interface SignedIn {
  user: SessionUser;
  session: Session;
}

type Resumed = Awaited<ReturnType<AppAuth["resume"]>>;

// The proxy's validation of a page request's cookie, for the page of the same request. It
// travels in the request scope of server.ts — this process's memory, opened afresh for
// each request — never in a header, which the client could write. The proxy and the pages
// are bundled apart, so the key is a registered symbol.
const PROXY_VALIDATION = Symbol.for("monorepo-auth.web.proxy-validation");

/**
 * Called by the proxy on a page GET or HEAD, once it has validated the cookie: the page
 * uses this validation instead of reading the database a second time. Server actions
 * (POST) change sessions and always validate again.
 */
export function handOnValidation(resumed: Resumed): void {
  handOn(PROXY_VALIDATION, resumed);
}

/**
 * The signed-in user of the current request, validated against the database — once per
 * request however many components ask, and not again when the proxy already did for this
 * request (see {@link handOnValidation}) — or null. When the proxy did not run (under
 * `next dev` without server.ts, or bypassed), the page validates itself. The cookie is read
 * from the raw header by the core, as everywhere else (Next's `cookies()` would pick the
 * last of two cookies of one name and URL-decode it). When the database cannot answer, this
 * throws: the page becomes the unavailable notice, answered 503 (see server.ts), never
 * "signed out".
 */
export const getCurrentSession = cache(async (): Promise<SignedIn | null> => {
  // Reading headers first marks the page dynamic, so the build never touches auth or the database.
  const requestHeaders = await headers();
  const resumed =
    (handedOn(PROXY_VALIDATION) as Resumed | undefined) ?? (await auth().resume(requestHeaders));
  if (resumed.status === "unavailable") throw resumed.error;
  return resumed.status === "signed-in" ? { user: resumed.user, session: resumed.session } : null;
});

/**
 * The signed-in user and session, or a redirect to landing's login, which brings the
 * person back to `path` afterwards.
 */
export async function requireSession(path: string): Promise<SignedIn> {
  const current = await getCurrentSession();
  if (!current) redirectToLanding(loginPath(path));
  return current;
}

/** Landing's login, which brings the person back to `path` of this app afterwards. */
export function loginPath(path: string): string {
  return `/login?returnTo=${encodeURIComponent(path)}`;
}

/** Redirects to a page of landing: another app, so outside Next's typed routes. */
export function redirectToLanding(path: string): never {
  redirect(`${auth().settings.landingOrigin}${path}` as Route);
}
