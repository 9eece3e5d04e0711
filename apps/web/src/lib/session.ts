import "server-only";

import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";
import type { Route } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { auth } from "./auth.ts";

export interface SignedIn {
  user: SessionUser;
  session: Session;
}

/**
 * The signed-in user of the current request, validated against the database — once per
 * request however many components ask — or null. The cookie is read from the raw header
 * by the core, as everywhere else (Next's `cookies()` would pick the last of two cookies of
 * one name and URL-decode it). When the database cannot answer, this throws: the page
 * becomes the unavailable notice, answered 503 (see server.ts), never "signed out".
 */
export const getCurrentSession = cache(async (): Promise<SignedIn | null> => {
  // Reading headers first marks the page dynamic, so the build never touches auth or the database.
  const requestHeaders = await headers();
  const resumed = await auth().resume(requestHeaders);
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
