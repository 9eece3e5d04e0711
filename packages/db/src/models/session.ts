import { Schema, type Connection } from "mongoose";

/**
 * A session as stored. `_id` is the public half of the token; only the SHA-256 of the
 * secret half is kept. `username` is copied from the user so that validating a session
 * is a single read by `_id` (usernames never change).
 */
export interface SessionDocument {
  _id: string;
  secretHash: Buffer;
  userId: string;
  username: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** When the owner last confirmed their password in this session (step-up), if ever. */
  steppedUpAt?: Date | null;
  /** How the person proved who they are ("password", "password+totp"…); absent reads as "password". */
  method?: string;
}

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: Buffer, required: true },
    userId: { type: String, required: true },
    username: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastVerifiedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    userAgent: { type: String, default: null },
    ip: { type: String, default: null },
    steppedUpAt: { type: Date },
    method: { type: String },
  },
  {
    collection: "sessions",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function sessionModel(connection: Connection) {
  return connection.model("Session", sessionSchema);
}

export type SessionModel = ReturnType<typeof sessionModel>;
