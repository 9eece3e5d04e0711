import {
  deleteIdentity,
  insertIdentity,
  listUserIdentities,
  type IdentityRow,
} from "@monorepo-auth/db/identities";
import { listUserPasskeys } from "@monorepo-auth/db/passkeys";
import { findUserById, renewSecurityStamp } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { invalidateUserSessions, type Session, type SessionUser } from "../session/session.ts";
import { confirmOwner, type ConfirmError } from "../users/confirm-owner.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { startProviderFlow } from "./provider-flow.ts";

/** A linked provider account as the account page shows it. */
export interface LinkedIdentity {
  provider: string;
  subject: string;
  label: string;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

const shown = (row: IdentityRow): LinkedIdentity => ({
  provider: row.provider,
  subject: row.subject,
  label: row.label,
  linkedAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
});

/** The ways into an account: what the account page offers, and what unlinking must leave. */
export async function signInMethodsOf(context: AuthContext, userId: string) {
  const [row, identities, passkeys] = await Promise.all([
    findUserById(context.database, userId),
    listUserIdentities(context.database, userId),
    listUserPasskeys(context.database, userId),
  ]);
  return {
    password: row !== null && row.passwordHash !== "",
    passkeys: passkeys.length,
    identities: identities.map(shown),
  };
}

/**
 * Starts linking a provider account to the signed-in user, once they confirmed it is
 * them; the browser goes to the provider, and landing's callback does the linking.
 */
export async function startIdentityLink(
  context: AuthContext,
  input: {
    user: SessionUser;
    session: Session;
    providerId: string;
    password: string;
    code: string;
    ip: string | null;
    returnTo: string;
  },
): Promise<
  AuthResult<
    { url: string; token: string; expiresAt: Date },
    ConfirmError | "not_found" | "provider_unavailable"
  >
> {
  const provider = context.providers.find(input.providerId);
  if (!provider) return failure("not_found");
  const confirmed = await confirmOwner(context, {
    ...input,
    sessionStartedAt: input.session.createdAt,
  });
  if (!confirmed.ok) return confirmed;
  return startProviderFlow(context, {
    provider,
    purpose: "link",
    userId: input.user.id,
    sessionId: input.session.id,
    returnTo: input.returnTo,
  });
}

/**
 * Unlinks a provider account, once the owner confirmed it is them, unless it is their only
 * way in (no password, no passkey, no other identity). Sessions elsewhere end, as when any
 * way in is taken away: one may have come through the account being unlinked.
 */
export async function unlinkIdentity(
  context: AuthContext,
  input: {
    user: SessionUser;
    session: Session;
    provider: string;
    subject: string;
    password: string;
    code: string;
    ip: string | null;
  },
): Promise<
  AuthResult<{ endedSessions: number }, ConfirmError | "not_found" | "last_sign_in_method">
> {
  const { user } = input;
  const methods = await signInMethodsOf(context, user.id);
  const target = methods.identities.find(
    (identity) => identity.provider === input.provider && identity.subject === input.subject,
  );
  if (!target) return failure("not_found");
  if (!methods.password && methods.passkeys === 0 && methods.identities.length === 1) {
    return failure("last_sign_in_method");
  }
  const confirmed = await confirmOwner(context, {
    ...input,
    sessionStartedAt: input.session.createdAt,
  });
  if (!confirmed.ok) return confirmed;
  if (!(await deleteIdentity(context.database, user.id, target.provider, target.subject))) {
    return failure("not_found");
  }
  // Two unlinks at once could each have seen the other's identity still there: whichever
  // finds nothing left after its own delete puts its identity back.
  const left = await signInMethodsOf(context, user.id);
  if (!left.password && left.passkeys === 0 && left.identities.length === 0) {
    await insertIdentity(context.database, {
      provider: target.provider,
      subject: target.subject,
      userId: user.id,
      label: target.label,
      createdAt: target.linkedAt,
    });
    return failure("last_sign_in_method");
  }
  await renewSecurityStamp(context.database, user.id, newSecurityStamp());
  const endedSessions = await invalidateUserSessions(context.database, user.id, input.session.id);
  context.emit({
    type: "identity_unlinked",
    username: user.username,
    userId: user.id,
    ip: input.ip,
    reason: target.provider,
  });
  return { ok: true, endedSessions };
}
