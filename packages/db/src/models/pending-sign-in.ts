import { Schema, type Connection } from "mongoose";

/**
 * A sign-in whose password was right, waiting for its second factor: a token like a
 * session's (`<id>.<secret>`, only the secret's SHA-256 kept) held by that browser in a
 * cookie, good for 5 minutes and once. Bound to the user's security stamp when the password
 * was checked: a credential change meanwhile voids it.
 */
export interface PendingSignInDocument {
  _id: string;
  secretHash: Buffer;
  userId: string;
  securityStamp: string;
  /** How the person proved who they are before the second factor: "password" or a provider. */
  firstFactor: string;
  createdAt: Date;
  expiresAt: Date;
}

const pendingSignInSchema = new Schema<PendingSignInDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: Buffer, required: true },
    userId: { type: String, required: true },
    securityStamp: { type: String, required: true },
    firstFactor: { type: String, default: "password" },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "pending_sign_ins",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function pendingSignInModel(connection: Connection) {
  return connection.model("PendingSignIn", pendingSignInSchema);
}

export type PendingSignInModel = ReturnType<typeof pendingSignInModel>;
