import { Schema, type Connection, type Types } from "mongoose";

/** Who did something, or to whom: the user's id and username at the time. */
export interface AuditParty {
  id: string;
  username: string;
}

/**
 * One administrator action, for the record: who did what to whom, when and from where.
 * `actor` is null for the command line (`npm run admin`). Kept until `expiresAt`.
 */
export interface AuditEntryDocument {
  _id: Types.ObjectId;
  at: Date;
  actor: AuditParty | null;
  action: string;
  target: AuditParty | null;
  ip: string | null;
  /** A short fixed word or id that says more (the role granted, the session ended). */
  detail: string | null;
  expiresAt: Date;
}

const party = new Schema<AuditParty>(
  { id: { type: String, required: true }, username: { type: String, required: true } },
  { _id: false },
);

const auditEntrySchema = new Schema<AuditEntryDocument>(
  {
    at: { type: Date, required: true },
    actor: { type: party, default: null },
    action: { type: String, required: true },
    target: { type: party, default: null },
    ip: { type: String, default: null },
    detail: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "audit",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function auditEntryModel(connection: Connection) {
  return connection.model("AuditEntry", auditEntrySchema);
}

export type AuditEntryModel = ReturnType<typeof auditEntryModel>;
