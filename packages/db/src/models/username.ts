import { Schema, type Connection } from "mongoose";

/**
 * Which user holds a canonical username, keyed by the username itself: finding a user by
 * name is one read by `_id`, which every MongoDB-compatible server answers from an index
 * (FerretDB v1 answers every other filter by scanning the collection, so a `users` lookup
 * by `username` took as long as the collection was large, and longer for names that do
 * not exist). Written before the user, so the `_id` decides who gets a contested name.
 */
export interface UsernameDocument {
  _id: string;
  userId: string;
  createdAt: Date;
}

const usernameSchema = new Schema<UsernameDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  {
    collection: "usernames",
    versionKey: false,
    strict: "throw",
    strictQuery: true,
    autoIndex: false,
    autoCreate: false,
  },
);

export function usernameModel(connection: Connection) {
  return connection.model("Username", usernameSchema);
}

export type UsernameModel = ReturnType<typeof usernameModel>;
