import { Schema, type Connection } from "mongoose";

/**
 * A user as stored. `username` is the canonical form (NFKC, lower case), unique.
 * `securityStamp` is a random value replaced whenever the credentials change: a sign-in that
 * checked the old password can tell, after creating its session, that it was overtaken.
 * Users stored before the stamp existed have none, which reads as "". `roles` (only "admin"
 * for now) and `lockedAt` are written only when an administrator sets them: absent, they
 * read as none and not locked.
 */
export interface UserDocument {
  _id: string;
  username: string;
  passwordHash: string;
  securityStamp?: string;
  roles?: string[];
  lockedAt?: Date | null;
  /** The address the user gave (canonical), verified or not; absent when none. */
  email?: string | null;
  /** When the user proved `email` theirs; null or absent until then. */
  emailVerifiedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    // "" for an account that signs in only through a provider (or a passkey) so far.
    passwordHash: { type: String, default: "" },
    securityStamp: { type: String },
    roles: { type: [String], default: undefined },
    lockedAt: { type: Date },
    email: { type: String },
    emailVerifiedAt: { type: Date },
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
