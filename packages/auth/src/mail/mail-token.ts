import type { Database } from "@monorepo-auth/db/database";
import {
  deleteUserMailTokens,
  findMailToken,
  insertMailToken,
  takeMailToken,
  type MailTokenPurpose,
} from "@monorepo-auth/db/mail-tokens";
import { findSignInState } from "@monorepo-auth/db/users";

import {
  generateSessionToken,
  parseSessionToken,
  verifySessionSecret,
} from "../session/session-token.ts";

export type { MailTokenPurpose } from "@monorepo-auth/db/mail-tokens";

const MINUTE_MS = 60_000;

/** How long a mailed link works: a reset for 30 minutes, a verification for a day. */
export const MAIL_TOKEN_LIFETIME_MS: Readonly<Record<MailTokenPurpose, number>> = {
  "reset-password": 30 * MINUTE_MS,
  "verify-email": 24 * 60 * MINUTE_MS,
};

export interface MailTokenOwner {
  userId: string;
  /** The user's security stamp now: a later password change or lock voids the token. */
  securityStamp: string;
  /** The address the link is mailed to. */
  email: string;
}

/**
 * A new token for `purpose`, to put in a mailed link; only the hash of its secret is
 * stored. The user's earlier tokens of that purpose are voided: only the newest link works.
 */
export async function issueMailToken(
  database: Database,
  owner: MailTokenOwner,
  purpose: MailTokenPurpose,
  now: Date,
): Promise<string> {
  await deleteUserMailTokens(database, owner.userId, purpose);
  const { token, id, secretHash } = generateSessionToken();
  await insertMailToken(database, {
    id,
    secretHash,
    ...owner,
    purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + MAIL_TOKEN_LIFETIME_MS[purpose]),
  });
  return token;
}

/**
 * Looks at a mailed token without spending it: its owner when it is genuine, of `purpose`
 * and within its time. A form that the person may have to send again (a new password
 * refused by the rules) checks this first and redeems only once all else is settled.
 */
export async function inspectMailToken(
  database: Database,
  token: unknown,
  purpose: MailTokenPurpose,
  now: Date,
): Promise<RedeemedMailToken> {
  const parts = parseSessionToken(token);
  if (!parts) return { ok: false, reason: "invalid" };
  const stored = await findMailToken(database, parts.id);
  if (stored?.purpose !== purpose || !verifySessionSecret(parts.secret, stored.secretHash)) {
    return { ok: false, reason: "invalid" };
  }
  if (stored.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, userId: stored.userId, email: stored.email };
}

export type RedeemedMailToken =
  | { ok: true; userId: string; email: string }
  /** "expired": a genuine link past its time; "invalid": anything else, used ones included. */
  | { ok: false; reason: "invalid" | "expired" };

/**
 * Redeems a mailed token for `purpose`, once: of several redeeming it at once, one gets
 * it. A token of another purpose, with a wrong secret, or in any shape other than the one
 * issued is refused without being spent; one whose user changed their password or was
 * locked since it was made is spent and refused.
 */
export async function redeemMailToken(
  database: Database,
  token: unknown,
  purpose: MailTokenPurpose,
  now: Date,
): Promise<RedeemedMailToken> {
  const invalid = { ok: false, reason: "invalid" } as const;
  const parts = parseSessionToken(token);
  if (!parts) return invalid;
  const stored = await findMailToken(database, parts.id);
  if (stored?.purpose !== purpose) return invalid;
  if (!verifySessionSecret(parts.secret, stored.secretHash)) return invalid;
  if (!(await takeMailToken(database, stored.id))) return invalid;
  if (stored.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  const state = await findSignInState(database, stored.userId);
  if (!state || state.locked || state.securityStamp !== stored.securityStamp) return invalid;
  return { ok: true, userId: stored.userId, email: stored.email };
}
