import { STEP_UP_WINDOW_MS } from "@monorepo-auth/auth/admin/step-up";

import type { Acting } from "./admin-console.ts";

/** How long a confirmed password allows destructive actions, in whole minutes, as pages say it. */
export const STEP_UP_MINUTES = Math.round(STEP_UP_WINDOW_MS / 60_000);

/**
 * Until when destructive actions need no password in this session, or null when they need
 * one now. The console decided whether it is stepped up (from the session as stored); this
 * only tells the person how long that lasts.
 */
export function steppedUpUntil({ adminConsole, session }: Acting): Date | null {
  if (!adminConsole.steppedUp || session.steppedUpAt === null) return null;
  return new Date(session.steppedUpAt.getTime() + STEP_UP_WINDOW_MS);
}
