// What the middleware puts in Astro.locals for every page and endpoint.
import type { Session, SessionUser } from "@monorepo-auth/auth/session/session";

import type { PageOutcome } from "./lib/outcome.ts";

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, validated against the database by the middleware, or null. */
      user: SessionUser | null;
      session: Session | null;
      /** Set when a request is rewritten to a page that shows how it ended (a form error). */
      outcome?: PageOutcome;
      /** Set when a request is rewritten to a page that shows it succeeded (a mail sent, an address verified). */
      done?: { email?: string; recoveryCodesLeft?: number; next?: string };
    }
  }
}
