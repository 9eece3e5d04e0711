import { trusted } from "mongoose";

import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

/** A stored device token. `secretHash` is SHA-256 of the token's secret half. */
export interface DeviceRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  securityStamp: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertDevice(database: Database, device: DeviceRow): Promise<void> {
  const { Device } = await database.models();
  const { id, secretHash, ...rest } = device;
  await withAvailability(() =>
    Device.create({ _id: id, secretHash: Buffer.from(secretHash), ...rest }),
  );
}

/** One read by `_id`. */
export async function findDevice(database: Database, id: string): Promise<DeviceRow | null> {
  const { Device } = await database.models();
  const doc = await withAvailability(() => Device.findById(id).lean().exec());
  if (!doc) return null;
  const { _id, secretHash, ...rest } = doc;
  return { id: _id, secretHash: toBytes(secretHash), ...rest };
}

/**
 * Keeps a user's `keep` newest devices and deletes the rest, so that one account cannot
 * grow the collection without bound.
 */
export async function trimUserDevices(
  database: Database,
  userId: string,
  keep: number,
): Promise<number> {
  const { Device } = await database.models();
  const surplus = await withAvailability(() =>
    Device.find({ userId }, { _id: 1 }).sort({ createdAt: -1, _id: -1 }).skip(keep).lean().exec(),
  );
  if (surplus.length === 0) return 0;
  const ids = surplus.map((doc) => doc._id);
  const result = await withAvailability(() =>
    Device.deleteMany({ _id: trusted({ $in: ids }) }).exec(),
  );
  return result.deletedCount;
}
