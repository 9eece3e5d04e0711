import type { AdminConsole } from "@monorepo-auth/auth/admin/admin-console";
import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";

import { auth } from "./auth.ts";

/**
 * The admin console for this signed-in person, or null when they may not use it. The one
 * place that decides it: hooks.server.ts asks before any page or action runs, and answers
 * 403 on null. The core reads the role and the lock from the database, never from the
 * session, so a role taken away or an account locked counts from the very next request.
 * @throws {DatabaseUnavailableError} when the database cannot answer: not "forbidden".
 */
export async function openConsole(acting: {
  user: SessionUser;
  session: Session;
  ip: string | null;
}): Promise<AdminConsole | null> {
  const opened = await auth().openAdminConsole(acting);
  return opened.ok ? opened.console : null;
}
