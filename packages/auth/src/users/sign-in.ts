import { findSignInState } from "@monorepo-auth/db/users";
import { deleteSession, trimUserSessions } from "@monorepo-auth/db/sessions";

import type { AuthContext } from "../auth-context.ts";
import type { Client } from "../request/client.ts";
import {
  createSession,
  invalidateSessionToken,
  type Session,
  type SessionUser,
  type SignInMethod,
} from "../session/session.ts";

export interface SignInInput {
  user: SessionUser;
  /** The user's security stamp as read together with the credentials that were checked. */
  securityStamp: string;
  client: Client;
  /** How the person proved who they are; a password alone unless said otherwise. */
  method?: SignInMethod;
}

export type SignInResult = { ok: true; token: string; session: Session } | { ok: false };

/**
 * The one way a session starts once a person has proved who they are (signing up, logging
 * in, and every later way in):
 * - every session the request carried ends (decision 0006): a token is never reused;
 * - the new session is written, and only then the user's security stamp (and lock) is read again.
 *   A password change replaces the stamp first and ends the other sessions after, so a
 *   sign-in that checked the old password either has its session ended by the change, or
 *   sees the new stamp here and ends its session itself. `{ ok: false }` means that.
 * - the user keeps at most `maxSessionsPerUser` sessions; the oldest end first.
 */
export async function signIn(context: AuthContext, input: SignInInput): Promise<SignInResult> {
  const { database } = context;
  const now = context.clock();
  const [, created] = await Promise.all([
    Promise.all(
      input.client.sessionTokens.map((token) =>
        invalidateSessionToken(database, token, context.lifetime, now),
      ),
    ),
    createSession(
      database,
      {
        user: input.user,
        userAgent: input.client.userAgent,
        ip: input.client.ip,
        method: input.method ?? "password",
      },
      context.lifetime,
      now,
    ),
  ]);
  const [state] = await Promise.all([
    findSignInState(database, input.user.id),
    trimUserSessions(database, input.user.id, context.maxSessionsPerUser, created.session.id),
  ]);
  // A lock also replaces the stamp; checking both keeps a locked account out whichever way in.
  if (!state || state.locked || state.securityStamp !== input.securityStamp) {
    await deleteSession(database, created.session.id);
    return { ok: false };
  }
  return { ok: true, ...created };
}
