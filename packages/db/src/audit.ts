import { Types, trusted } from "mongoose";

import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";
import type { AuditParty } from "./models/audit-entry.ts";

export type { AuditParty } from "./models/audit-entry.ts";

/** An audit entry as written and read. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: AuditParty | null;
  action: string;
  target: AuditParty | null;
  ip: string | null;
  detail: string | null;
}

export async function insertAuditEntry(
  database: Database,
  entry: Omit<AuditEntry, "id">,
  expiresAt: Date,
): Promise<void> {
  const { AuditEntry } = await database.models();
  await withAvailability(() => AuditEntry.create({ ...entry, expiresAt }));
}

/**
 * The newest entries first, by time and then by id, `limit` of them; older than the entry
 * `before` when paging. By time first: ids made by two processes in the same second order
 * by their random part, not by when they were made.
 */
export async function listAuditEntries(
  database: Database,
  query: { before: string | null; limit: number },
): Promise<AuditEntry[]> {
  const { AuditEntry } = await database.models();
  let filter = {};
  if (query.before !== null) {
    if (!Types.ObjectId.isValid(query.before)) return [];
    const id = new Types.ObjectId(query.before);
    const cursor = await withAvailability(() => AuditEntry.findById(id, { at: 1 }).lean().exec());
    if (!cursor) return [];
    filter = {
      $or: [{ at: trusted({ $lt: cursor.at }) }, { at: cursor.at, _id: trusted({ $lt: id }) }],
    };
  }
  const docs = await withAvailability(() =>
    AuditEntry.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).lean().exec(),
  );
  return docs.map(({ _id, expiresAt: _expires, ...rest }) => ({ id: _id.toHexString(), ...rest }));
}
