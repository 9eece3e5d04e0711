import type { SessionUser } from "@monorepo-auth/auth/session/session";

/**
 * Whether this signed-in person may use the admin console. The one place that decides it:
 * hooks.server.ts asks before any page or action runs, and answers 403 otherwise. Everyone
 * signed in may, for now: the check of the admin role lands with the admin features (read
 * from the database, never from the session).
 */
export function canEnter(_user: SessionUser): boolean {
  return true;
}
