import { Schema, type Connection } from "mongoose";

/**
 * Which user holds a verified email address, keyed by the address's comparison key
 * (packages/auth/src/mail/email-address.ts). Only a verified address is claimed: an address
 * someone merely typed holds nothing, so nobody can keep its owner from adding it, and
 * signing up with an address says nothing about whether another account has it.
 */
export interface EmailClaimDocument {
  _id: string;
  userId: string;
  createdAt: Date;
}

const emailClaimSchema = new Schema<EmailClaimDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  {
    collection: "email_claims",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function emailClaimModel(connection: Connection) {
  return connection.model("EmailClaim", emailClaimSchema);
}

export type EmailClaimModel = ReturnType<typeof emailClaimModel>;
