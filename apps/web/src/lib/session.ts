import "server-only";

import type { SessionValidation } from "@monorepo-auth/auth/session/session";
import type { Route } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { auth } from "./auth.ts";

/**
 * The session of the current request, validated against the database — once per request
 * however many components ask. A cookie alone is never trusted. Throws
 * DatabaseUnavailableError when the database cannot answer (never "signed out").
 */
export const getCurrentSession = cache(async (): Promise<SessionValidation> => {
  // Reading cookies first marks the page dynamic, so the build never touches auth or the database.
  const jar = await cookies();
  const a = auth();
  return a.validateSessionToken(jar.get(a.cookie.name)?.value ?? null);
});

export type SignedIn = Extract<SessionValidation, { user: object }>;

/**
 * The signed-in user and session, or a redirect to landing's login, which brings the
 * person back to `path` afterwards.
 */
export async function requireSession(path: string): Promise<SignedIn> {
  const current = await getCurrentSession();
  if (!current.user) redirectToLanding(loginPath(path));
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
