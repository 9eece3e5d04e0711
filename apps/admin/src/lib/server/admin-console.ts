import type { AdminConsole } from "@monorepo-auth/auth/admin/admin-console";
import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";

/** What a page or action of the console works with: the console and who opened it. */
export interface Acting {
  adminConsole: AdminConsole;
  user: SessionUser;
  session: Session;
  ip: string | null;
}

/**
 * The console hooks.server.ts opened for this request. Every route runs after the hook
 * has admitted an administrator, so a missing console is a bug, not a refusal.
 * @throws {Error} when the hook did not open one.
 */
export function acting(locals: App.Locals): Acting {
  const { adminConsole, user, session, ip } = locals;
  if (!adminConsole || !user || !session) {
    throw new Error("the admin console was not opened for this request (hooks.server.ts)");
  }
  return { adminConsole, user, session, ip };
}
