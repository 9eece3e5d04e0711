import type { Database } from "@monorepo-auth/db/database";
import { findDevice, insertDevice, trimUserDevices } from "@monorepo-auth/db/devices";

import {
  generateSessionToken,
  parseSessionToken,
  verifySessionSecret,
} from "../session/session-token.ts";

/** How long a browser stays known after signing in; each sign-in without one issues anew. */
export const DEVICE_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

/** Devices remembered per account; the oldest are forgotten first. */
export const DEVICES_PER_USER = 20;

/** The account a device token is checked against. */
export interface DeviceOwner {
  id: string;
  securityStamp: string;
}

/** A genuine, unexpired device token's record: whose it is, and since when it holds. */
export interface KnownDevice {
  id: string;
  userId: string;
  securityStamp: string;
}

/**
 * The device `token` names, if it is genuine and unexpired; null otherwise. Device tokens
 * have the shape and storage of session tokens: `<id>.<secret>`, only the secret's
 * SHA-256 kept. Read in parallel with the user, so the work does not depend on whether
 * the account exists.
 * @throws {DatabaseUnavailableError} when the database cannot answer.
 */
export async function findKnownDevice(
  database: Database,
  token: string | null,
  now: Date,
): Promise<KnownDevice | null> {
  const parts = parseSessionToken(token);
  if (!parts) return null;
  const device = await findDevice(database, parts.id);
  if (!device || !verifySessionSecret(parts.secret, device.secretHash)) return null;
  if (device.expiresAt.getTime() <= now.getTime()) return null;
  return { id: device.id, userId: device.userId, securityStamp: device.securityStamp };
}

/** The id a device token names, before anything about it is checked; null when malformed. */
export function deviceTokenId(token: string | null): string | null {
  return parseSessionToken(token)?.id ?? null;
}

/** Whether a known device vouches for `owner`: issued to them, since their last credential change. */
export function vouchesFor(device: KnownDevice | null, owner: DeviceOwner | null): boolean {
  return (
    device !== null &&
    owner !== null &&
    device.userId === owner.id &&
    device.securityStamp === owner.securityStamp
  );
}

/** Remembers this browser for `owner`: a new device token, returned once, stored as a hash. */
export async function rememberDevice(
  database: Database,
  owner: DeviceOwner,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const { token, id, secretHash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
  await insertDevice(database, {
    id,
    secretHash,
    userId: owner.id,
    securityStamp: owner.securityStamp,
    createdAt: now,
    expiresAt,
  });
  await trimUserDevices(database, owner.id, DEVICES_PER_USER);
  return { token, expiresAt };
}
