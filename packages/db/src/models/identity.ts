import { Schema, type Connection } from "mongoose";

/**
 * An account at a sign-in provider (GitHub, Google, an OpenID provider) that signs in to a
 * user here. Keyed by `<provider>:<subject>`, so the `_id` decides who holds an identity;
 * the unique index on (provider, subject) stands behind it. The subject is the provider's
 * stable id for the person, never their email or login name, which can change hands.
 * No provider token is kept: nothing here needs to call the provider again.
 */
export interface IdentityDocument {
  _id: string;
  provider: string;
  subject: string;
  userId: string;
  /** What the person recognises the account by (a login name or an address), for display. */
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const identitySchema = new Schema<IdentityDocument>(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true },
    subject: { type: String, required: true },
    userId: { type: String, required: true },
    label: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
  },
  {
    collection: "identities",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function identityModel(connection: Connection) {
  return connection.model("Identity", identitySchema);
}

export type IdentityModel = ReturnType<typeof identityModel>;
