import { Schema, type Connection } from "mongoose";

/**
 * A sign-in through a provider, between the browser leaving for the provider and the
 * account being settled. The browser holds `<id>.<secret>` in a cookie (only the secret's
 * SHA-256 kept here); good for 10 minutes and once.
 * - `authorize`: sent to the provider; `state`, `nonce` and the PKCE verifier wait for the
 *   callback. A `link` flow names the user and session that started it.
 * - `sign-up`: the provider vouched for a person no account knows yet; they choose a
 *   username, and `profile` becomes the account's identity.
 */
export interface OAuthFlowDocument {
  _id: string;
  secretHash: Buffer;
  stage: "authorize" | "sign-up";
  provider: string;
  purpose: "sign-in" | "link";
  userId: string | null;
  sessionId: string | null;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  profile: {
    subject: string;
    label: string;
    email: string | null;
    emailVerified: boolean;
    suggestedUsername: string;
  } | null;
  createdAt: Date;
  expiresAt: Date;
}

const oauthFlowSchema = new Schema<OAuthFlowDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: Buffer, required: true },
    stage: { type: String, enum: ["authorize", "sign-up"], required: true },
    provider: { type: String, required: true },
    purpose: { type: String, enum: ["sign-in", "link"], required: true },
    userId: { type: String, default: null },
    sessionId: { type: String, default: null },
    state: { type: String, default: "" },
    nonce: { type: String, default: "" },
    codeVerifier: { type: String, default: "" },
    returnTo: { type: String, default: "" },
    profile: {
      type: new Schema(
        {
          subject: { type: String, required: true },
          label: { type: String, default: "" },
          email: { type: String, default: null },
          emailVerified: { type: Boolean, default: false },
          suggestedUsername: { type: String, required: true },
        },
        { _id: false, strict: "throw" },
      ),
      default: null,
    },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "oauth_flows",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function oauthFlowModel(connection: Connection) {
  return connection.model("OAuthFlow", oauthFlowSchema);
}

export type OAuthFlowModel = ReturnType<typeof oauthFlowModel>;
