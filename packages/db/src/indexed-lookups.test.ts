// The filters a request sends by a field other than `_id` must be answered from an index,
// or every sign-in reads the whole collection once it is large. MongoDB does this from the
// indexes in indexes.ts; the local FerretDB does it through the pushdown its build adds
// (tools/ferretdb/_overlay), whose answers must stay exactly MongoDB's.
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureIndexes } from "./indexes.ts";

let test: TestDatabase;
let connection: mongoose.Connection;

beforeAll(async () => {
  test = createTestDatabase();
  connection = await mongoose.createConnection(test.uri, { dbName: test.dbName }).asPromise();
  await ensureIndexes(connection);
});
afterAll(async () => {
  await connection.close();
  await test.drop();
});

/** Whether the server's plan for `filter` reads an index rather than the whole collection. */
async function answeredFromIndex(
  collection: string,
  filter: mongoose.mongo.Filter<mongoose.mongo.Document>,
): Promise<boolean> {
  const plan = JSON.stringify(await connection.collection(collection).find(filter).explain());
  // MongoDB names an index scan IXSCAN; FerretDB quotes SQLite's plan, which names the
  // index it searches ("SEARCH <table> USING INDEX …").
  return plan.includes("IXSCAN") || /USING (COVERING )?INDEX/.test(plan);
}

describe("lookups by a field other than _id", () => {
  it("a user's sessions, devices and one key's attempts are read from an index", async () => {
    const sessions = connection.collection("sessions");
    await sessions.insertMany([
      { _id: "s1" as never, userId: "u1" },
      { _id: "s2" as never, userId: "u2" },
    ]);
    await connection.collection("devices").insertOne({ _id: "d1" as never, userId: "u1" });
    await connection.collection("attempts").insertOne({ key: "ip:192.0.2.1", at: new Date() });

    expect(await answeredFromIndex("sessions", { _id: "s1" })).toBe(true);
    expect(await answeredFromIndex("sessions", { userId: "u1" })).toBe(true);
    expect(await answeredFromIndex("sessions", { userId: "u1", _id: { $ne: "s1" } })).toBe(true);
    expect(await answeredFromIndex("devices", { userId: "u1" })).toBe(true);
    expect(
      await answeredFromIndex("attempts", { key: "ip:192.0.2.1", at: { $gt: new Date(0) } }),
    ).toBe(true);
    expect(
      await answeredFromIndex("attempts", {
        $or: [{ key: "ip:192.0.2.1" }, { key: "user:someone", at: { $gt: new Date(0) } }],
      }),
    ).toBe(true);
  });

  it("finds exactly what MongoDB finds: arrays holding the value, no other types, every $or branch", async () => {
    const things = connection.collection("things");
    await things.createIndex({ owner: 1 }, { name: "owner" });
    const objectId = new Types.ObjectId();
    await things.insertMany([
      { _id: "plain" as never, owner: "ada", n: 1 },
      { _id: "in-array" as never, owner: ["bob", "ada"], n: 2 },
      { _id: "other" as never, owner: "bob", n: 3 },
      { _id: "object-id" as never, owner: objectId, n: 4 },
      { _id: "missing" as never, n: 5 },
      { _id: "quoted" as never, owner: 'a"da\\', n: 6 },
    ]);
    const ids = async (filter: mongoose.mongo.Filter<mongoose.mongo.Document>) =>
      (await things.find(filter).toArray()).map((doc) => String(doc._id)).sort();

    expect(await ids({ owner: "ada" })).toEqual(["in-array", "plain"]);
    // An ObjectId and its hex string are different values.
    expect(await ids({ owner: objectId.toHexString() })).toEqual([]);
    expect(await ids({ owner: objectId })).toEqual(["object-id"]);
    expect(await ids({ owner: 'a"da\\' })).toEqual(["quoted"]);
    // A branch that cannot use the index must still find its documents.
    expect(await ids({ $or: [{ owner: "bob" }, { n: { $gte: 5 } }] })).toEqual([
      "in-array",
      "missing",
      "other",
      "quoted",
    ]);
    expect(await ids({ $and: [{ owner: "ada" }, { n: 1 }] })).toEqual(["plain"]);
    expect(await ids({ owner: "ada", n: { $gt: 1 } })).toEqual(["in-array"]);

    await things.deleteMany({ owner: "ada" });
    expect(await ids({})).toEqual(["missing", "object-id", "other", "quoted"]);
    await things.updateMany({ owner: "bob" }, { $set: { n: 0 } });
    expect(await things.countDocuments({ n: 0 })).toBe(1);
  });
});
