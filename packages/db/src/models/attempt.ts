import { Schema, type Connection } from "mongoose";

/**
 * One attempt against a throttling budget ("account:<username>" or "ip:<address>").
 * Budgets are enforced by counting these documents rather than by incrementing a
 * counter, which stays correct on servers whose updates are not atomic.
 */
export interface AttemptDocument {
  key: string;
  at: Date;
  expiresAt: Date;
}

const attemptSchema = new Schema<AttemptDocument>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "attempts",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function attemptModel(connection: Connection) {
  return connection.model("Attempt", attemptSchema);
}

export type AttemptModel = ReturnType<typeof attemptModel>;
