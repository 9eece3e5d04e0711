import { Schema, type Connection } from "mongoose";

/** A user as stored. `username` is the canonical form (NFKC, lower case), unique. */
export interface UserDocument {
  _id: string;
  username: string;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    passwordHash: { type: String, required: true },
  },
  {
    collection: "users",
    timestamps: true,
    versionKey: false,
    // Unknown fields are refused on write and dropped from filters.
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function userModel(connection: Connection) {
  return connection.model("User", userSchema);
}

export type UserModel = ReturnType<typeof userModel>;
