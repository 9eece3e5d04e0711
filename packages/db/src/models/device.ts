import { Schema, type Connection } from "mongoose";

/**
 * A browser that has signed in to an account before, proven by the device token it holds
 * (`<id>.<secret>` like a session token; only the SHA-256 of the secret is kept). Failed
 * logins made with it count against the device alone, so strangers cannot lock the
 * account's owner out of their own devices. Bound to the user's security stamp: after a
 * password change every device must prove itself again.
 */
export interface DeviceDocument {
  _id: string;
  secretHash: Buffer;
  userId: string;
  securityStamp: string;
  createdAt: Date;
  expiresAt: Date;
}

const deviceSchema = new Schema<DeviceDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: Buffer, required: true },
    userId: { type: String, required: true },
    securityStamp: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: "devices",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function deviceModel(connection: Connection) {
  return connection.model("Device", deviceSchema);
}

export type DeviceModel = ReturnType<typeof deviceModel>;
