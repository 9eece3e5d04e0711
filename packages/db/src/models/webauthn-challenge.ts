import { Schema, type Connection } from "mongoose";

/** What a WebAuthn challenge was made for: each is accepted for its own ceremony only. */
export type WebauthnPurpose = "register" | "sign-in" | "second-step";

/**
 * A challenge handed to a browser for one WebAuthn ceremony, spent by deleting it (once,
 * by one request), for 5 minutes. `userId` is who registers, or whose second step it is;
 * null for a passwordless sign-in, where the passkey says who it is.
 */
export interface WebauthnChallengeDocument {
  _id: string;
  challenge: string;
  purpose: WebauthnPurpose;
  userId: string | null;
  expiresAt: Date;
}

const webauthnChallengeSchema = new Schema<WebauthnChallengeDocument>(
  {
    _id: { type: String, required: true },
    challenge: { type: String, required: true },
    purpose: { type: String, required: true, enum: ["register", "sign-in", "second-step"] },
    userId: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "webauthn_challenges",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function webauthnChallengeModel(connection: Connection) {
  return connection.model("WebauthnChallenge", webauthnChallengeSchema);
}

export type WebauthnChallengeModel = ReturnType<typeof webauthnChallengeModel>;
