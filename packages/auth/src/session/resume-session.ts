import type { Database } from "@monorepo-auth/db/database";
import { isUnavailableError } from "@monorepo-auth/db/errors";

import type { SessionLifetime } from "./session-expiry.ts";
import { validateSessionToken, type Session, type SessionUser } from "./session.ts";

/** What a request's session cookie comes to. */
export type ResumedSession =
  | {
      status: "signed-in";
      user: SessionUser;
      session: Session;
      /** The cookie again, when its expiry moved; else null. */
      setCookie: string | null;
    }
  | {
      status: "signed-out";
      /** A deletion of a cookie that names no live session; null when nothing to clear. */
      setCookie: string | null;
    }
  | {
      status: "unavailable";
      /** The database's error, for apps whose framework reports failures by throwing. */
      error: unknown;
    };

/**
 * Resolves the session cookies a request carried. Exactly one is validated against the
 * database; none is signed out; several are signed out with nothing cleared, because the
 * browser's order of two cookies of one name says nothing about which is ours and a
 * deletion would hit the genuine one (decision 0012).
 */
export async function resumeSession(
  database: Database,
  tokens: readonly string[],
  options: {
    lifetime: SessionLifetime;
    now: Date;
    serialize: (token: string, expiresAt: Date) => string;
    clear: () => string;
  },
): Promise<ResumedSession> {
  const [token] = tokens;
  if (token === undefined || tokens.length > 1) return { status: "signed-out", setCookie: null };
  try {
    const { session, user, refreshed } = await validateSessionToken(
      database,
      token,
      options.lifetime,
      options.now,
    );
    if (!session) return { status: "signed-out", setCookie: options.clear() };
    const setCookie = refreshed ? options.serialize(token, session.expiresAt) : null;
    return { status: "signed-in", user, session, setCookie };
  } catch (error) {
    if (!isUnavailableError(error)) throw error;
    return { status: "unavailable", error };
  }
}
