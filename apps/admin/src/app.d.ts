import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";

declare global {
  namespace App {
    interface Locals {
      /** Who is signed in; hooks.server.ts sets it before any page or action runs. */
      user: SessionUser | null;
      session: Session | null;
    }
  }
}

export {};
