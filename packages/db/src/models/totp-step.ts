import { Schema, type Connection } from "mongoose";

/**
 * A TOTP time step a user's code was accepted for, `_id` "<userId>:<step>": inserting it is
 * what accepts the code, so a code is never accepted twice, even by two requests at once.
 * Kept a few minutes, past the steps a code can still match.
 */
export interface TotpStepDocument {
  _id: string;
  userId: string;
  step: number;
  expiresAt: Date;
}

const totpStepSchema = new Schema<TotpStepDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    step: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "totp_steps",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function totpStepModel(connection: Connection) {
  return connection.model("TotpStep", totpStepSchema);
}

export type TotpStepModel = ReturnType<typeof totpStepModel>;
