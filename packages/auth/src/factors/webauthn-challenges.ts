import {
  insertWebauthnChallenge,
  takeWebauthnChallenge,
  type WebauthnPurpose,
} from "@monorepo-auth/db/passkeys";
import { randomBytes } from "node:crypto";

import type { AuthContext } from "../auth-context.ts";

/** How long a browser has to answer a WebAuthn challenge. */
const CHALLENGE_MS = 5 * 60 * 1000;

/** A new challenge for `purpose` (and `userId`), stored for 5 minutes; returns its id. */
export async function newChallenge(
  context: AuthContext,
  challenge: string,
  purpose: WebauthnPurpose,
  userId: string | null,
): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  const expiresAt = new Date(context.clock().getTime() + CHALLENGE_MS);
  await insertWebauthnChallenge(context.database, { id, challenge, purpose, userId, expiresAt });
  return id;
}

/** A challenge of `purpose` (and of `userId`, when given), spent now; null when it is not one. */
export async function spendChallenge(
  context: AuthContext,
  challengeId: unknown,
  purpose: WebauthnPurpose,
  userId: string | null,
): Promise<string | null> {
  if (typeof challengeId !== "string" || !/^[\w-]{22}$/.test(challengeId)) return null;
  const row = await takeWebauthnChallenge(context.database, challengeId);
  if (row?.purpose !== purpose || row.userId !== userId) return null;
  if (row.expiresAt.getTime() <= context.clock().getTime()) return null;
  return row.challenge;
}

/** Only an object shaped like a credential reaches the verifier. */
export function isCredentialJson(value: unknown): value is { id: string; response: object } {
  if (typeof value !== "object" || value === null) return false;
  const { id, rawId, type, response } = value as Record<string, unknown>;
  return (
    typeof id === "string" &&
    id.length <= 1024 &&
    rawId === id &&
    type === "public-key" &&
    typeof response === "object" &&
    response !== null
  );
}
