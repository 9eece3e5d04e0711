import { Schema, type Connection } from "mongoose";

/** What a mailed link lets its holder do; a token is good for its purpose alone. */
export type MailTokenPurpose = "verify-email" | "reset-password";

/**
 * A token sent by mail, shaped like a session token (`<id>.<secret>`, only the SHA-256 of
 * the secret kept). Bound to its user, its purpose, the address it was sent to, and the
 * user's security stamp when it was made: a password change or a lock makes it worthless.
 */
export interface MailTokenDocument {
  _id: string;
  secretHash: Buffer;
  userId: string;
  purpose: MailTokenPurpose;
  email: string;
  securityStamp: string;
  createdAt: Date;
  expiresAt: Date;
}

const mailTokenSchema = new Schema<MailTokenDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: Buffer, required: true },
    userId: { type: String, required: true },
    purpose: { type: String, required: true, enum: ["verify-email", "reset-password"] },
    email: { type: String, required: true },
    securityStamp: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "mail_tokens",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function mailTokenModel(connection: Connection) {
  return connection.model("MailToken", mailTokenSchema);
}

export type MailTokenModel = ReturnType<typeof mailTokenModel>;
