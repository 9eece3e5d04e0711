import { randomBytes } from "node:crypto";

import mongoose from "mongoose";

import { testMongodbUri } from "./env.ts";

export interface TestDatabase {
  /** Where to connect: the test server, or a proxy in front of it. */
  uri: string;
  /** A name no other test file uses. */
  dbName: string;
  /** Drops the database (on the real server, even when `uri` is an unplugged proxy). */
  drop(): Promise<void>;
}

/** A database of its own for one test file, on the server `npm test` started. */
export function createTestDatabase(options: { uri?: string } = {}): TestDatabase {
  const dbName = `test-${randomBytes(6).toString("hex")}`;
  return {
    uri: options.uri ?? testMongodbUri(),
    dbName,
    async drop() {
      const connection = mongoose.createConnection(testMongodbUri(), { dbName });
      try {
        await connection.asPromise();
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}
