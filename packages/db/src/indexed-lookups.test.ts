// The filters a request sends by a field other than `_id` must be answered from an index,
// or every sign-in reads the whole collection once it is large. MongoDB does this from the
// indexes in indexes.ts; the local FerretDB does it through the pushdown its build adds
// (tools/ferretdb/_overlay), whose answers must stay exactly MongoDB's.
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureIndexes } from "./indexes.ts";

/** Documents of any shape whose `_id` is a string, as the kit's are. */
type Loose = { _id: string } & Record<string, unknown>;

let test: TestDatabase;
let connection: mongoose.Connection;

beforeAll(async () => {
  test = createTestDatabase();
  connection = await mongoose.createConnection(test.uri, { dbName: test.dbName }).asPromise();
  await ensureIndexes(connection);
});
const withStringIds = (name: string) => connection.collection<Loose>(name);

afterAll(async () => {
  await connection.close();
  await test.drop();
});

/** Whether the server's plan for `filter` reads an index rather than the whole collection. */
async function answeredFromIndex(
  collection: string,
  filter: Record<string, unknown>,
): Promise<boolean> {
  const plan = JSON.stringify(await withStringIds(collection).find(filter).explain());
  // MongoDB names an index scan IXSCAN; FerretDB quotes SQLite's plan, which names the
  // index it searches ("SEARCH <table> USING INDEX …").
  return plan.includes("IXSCAN") || /USING (COVERING )?INDEX/.test(plan);
}

describe("lookups by a field other than _id", () => {
  it("a user's sessions, devices and one key's attempts are read from an index", async () => {
    const sessions = withStringIds("sessions");
    await sessions.insertMany([
      { _id: "s1", userId: "u1" },
      { _id: "s2", userId: "u2" },
    ]);
    await withStringIds("devices").insertOne({ _id: "d1", userId: "u1" });
    await connection.collection("attempts").insertOne({ key: "ip:192.0.2.1", at: new Date() });

    expect(await answeredFromIndex("sessions", { _id: "s1" })).toBe(true);
    expect(await answeredFromIndex("sessions", { _id: { $in: ["s1", "s2"] } })).toBe(true);
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
    const things = withStringIds("things");
    await things.createIndex({ owner: 1 }, { name: "owner" }, {});
    const objectId = new Types.ObjectId();
    await things.insertMany([
      { _id: "plain", owner: "ada", n: 1 },
      { _id: "in-array", owner: ["bob", "ada"], n: 2 },
      { _id: "other", owner: "bob", n: 3 },
      { _id: "object-id", owner: objectId, n: 4 },
      { _id: "missing", n: 5 },
      { _id: "quoted", owner: 'a"da\\', n: 6 },
    ]);
    const ids = async (filter: Record<string, unknown>) =>
      (await things.find(filter).toArray()).map((doc) => doc._id).sort();

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
    expect(await ids({ owner: { $eq: "bob" } })).toEqual(["in-array", "other"]);
    expect(await ids({ owner: { $in: ["bob", objectId] } })).toEqual([
      "in-array",
      "object-id",
      "other",
    ]);
    expect(await ids({ _id: { $in: ["plain", "quoted", "nowhere"] } })).toEqual([
      "plain",
      "quoted",
    ]);
    expect(await ids({ owner: "ada", n: { $gt: 1 } })).toEqual(["in-array"]);

    await things.deleteMany({ owner: "ada" });
    expect(await ids({})).toEqual(["missing", "object-id", "other", "quoted"]);
    await things.updateMany({ owner: "bob" }, { $set: { n: 0 } });
    expect(await things.countDocuments({ n: 0 })).toBe(1);
  });
});
