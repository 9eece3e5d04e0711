import { Schema, type Connection } from "mongoose";

/**
 * One single-use recovery code, stored as the SHA-256 of the code (they are random, so a
 * fast hash is enough): used by deleting it, which only one of two at once can do.
 */
export interface RecoveryCodeDocument {
  _id: string;
  userId: string;
  createdAt: Date;
}

const recoveryCodeSchema = new Schema<RecoveryCodeDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  {
    collection: "recovery_codes",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function recoveryCodeModel(connection: Connection) {
  return connection.model("RecoveryCode", recoveryCodeSchema);
}

export type RecoveryCodeModel = ReturnType<typeof recoveryCodeModel>;
