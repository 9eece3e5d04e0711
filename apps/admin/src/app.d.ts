import type { AdminConsole } from "@monorepo-auth/auth/admin/admin-console";
import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";

declare global {
  namespace App {
    interface Locals {
      /** Who is signed in; hooks.server.ts sets it before any page or action runs. */
      user: SessionUser | null;
      session: Session | null;
      /**
       * The console opened for this request, bound to an unlocked administrator read from
       * the database: every page and action goes through it. Null only where the hook
       * answers before any route runs, or on `/api/health`.
       */
      adminConsole: AdminConsole | null;
      /** The client's address (the socket's, or a trusted proxy's report). */
      ip: string | null;
    }

    interface Error {
      status: number;
      message: string;
      /** The message was written for people (see lib/server/refuse.ts): the error page shows it. */
      explained?: boolean;
    }
  }
}

export {};
