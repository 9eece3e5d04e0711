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

/** The newest entries first, `limit` of them, older than the entry `before` if given. */
export async function listAuditEntries(
  database: Database,
  query: { before: string | null; limit: number },
): Promise<AuditEntry[]> {
  const { AuditEntry } = await database.models();
  const filter =
    query.before !== null && Types.ObjectId.isValid(query.before)
      ? { _id: trusted({ $lt: new Types.ObjectId(query.before) }) }
      : {};
  const docs = await withAvailability(() =>
    AuditEntry.find(filter).sort({ _id: -1 }).limit(query.limit).lean().exec(),
  );
  return docs.map(({ _id, expiresAt: _expires, ...rest }) => ({ id: _id.toHexString(), ...rest }));
}
