import { Schema, type Connection } from "mongoose";

/**
 * A passkey (WebAuthn credential) of a user, keyed by its credential id (base64url): the
 * public key the authenticator made, the signature counter it last reported, and the
 * name its owner gave it. Nothing here is secret; the private key never leaves the
 * authenticator.
 */
export interface PasskeyDocument {
  _id: string;
  userId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const passkeySchema = new Schema<PasskeyDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    publicKey: { type: Buffer, required: true },
    counter: { type: Number, required: true },
    transports: { type: [String], default: [] },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
  },
  {
    collection: "passkeys",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function passkeyModel(connection: Connection) {
  return connection.model("Passkey", passkeySchema);
}

export type PasskeyModel = ReturnType<typeof passkeyModel>;
