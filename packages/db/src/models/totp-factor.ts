import { Schema, type Connection } from "mongoose";

/**
 * A user's authenticator-app key (TOTP), keyed by the user's id: one per user. The key is
 * stored sealed (AES-256-GCM under AUTH_ENCRYPTION_KEY, bound to the user), because a code
 * can only be checked with the key itself. `enabledAt` is null while it is being set up:
 * such a key asks nothing at sign-in until a first code has confirmed it.
 */
export interface TotpFactorDocument {
  _id: string;
  sealedKey: string;
  createdAt: Date;
  enabledAt: Date | null;
}

const totpFactorSchema = new Schema<TotpFactorDocument>(
  {
    _id: { type: String, required: true },
    sealedKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    enabledAt: { type: Date, default: null },
  },
  {
    collection: "totp_factors",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function totpFactorModel(connection: Connection) {
  return connection.model("TotpFactor", totpFactorSchema);
}

export type TotpFactorModel = ReturnType<typeof totpFactorModel>;
