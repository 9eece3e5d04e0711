import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { mongo } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "./database.ts";
import { findUserByUsername, insertUser, updatePasswordHash } from "./users.ts";

let test: TestDatabase;
let database: Database;
let serial = 0;
const newUser = (username: string) => ({
  id: `user-${String(++serial)}`,
  username,
  passwordHash: "$argon2id$x",
  securityStamp: "stamp",
});

beforeAll(() => {
  test = createTestDatabase();
  database = createDatabase({ uri: test.uri, dbName: test.dbName });
});
afterAll(async () => {
  await database.close();
  await test.drop();
});

describe("usernames: a user found by name with reads by _id only", () => {
  it("claims the name, then stores the user; finds the user by the name", async () => {
    const user = newUser("claimed");
    expect(await insertUser(database, user)).toBe("created");
    const { connection } = await database.models();
    expect(
      await connection.collection("usernames").findOne({ _id: "claimed" as never }),
    ).toMatchObject({ userId: user.id });
    expect(await findUserByUsername(database, "claimed")).toMatchObject({
      id: user.id,
      username: "claimed",
    });
    expect(await findUserByUsername(database, "nobody-has-this")).toBeNull();
  });

  it("gives a contested name to exactly one of many sign-ups at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => insertUser(database, newUser("contested"))),
    );
    expect(results.filter((result) => result === "created")).toHaveLength(1);
    const { connection } = await database.models();
    expect(await connection.collection("users").countDocuments({ username: "contested" })).toBe(1);
    const claim = await connection.collection("usernames").findOne({ _id: "contested" as never });
    const user = await findUserByUsername(database, "contested");
    expect(claim?.userId).toBe(user?.id);
  });

  it("gives the claim back when the user cannot be stored, so the name stays free", async () => {
    const { connection } = await database.models();
    // A user stored without a claim (as before claims existed) holds the name in `users`.
    await connection.collection("users").insertOne({
      _id: "unclaimed-holder" as never,
      username: "unclaimed",
      passwordHash: "$argon2id$x",
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    expect(await insertUser(database, newUser("unclaimed"))).toBe("taken");
    expect(
      await connection.collection("usernames").findOne({ _id: "unclaimed" as never }),
    ).toBeNull();
  });

  it("RL-13: takes over a claim abandoned by a sign-up that never stored its user, once it is old", async () => {
    const { connection } = await database.models();
    const claims = connection.collection("usernames");
    await claims.insertOne({
      _id: "fresh" as never,
      userId: "never-stored",
      createdAt: new Date(),
    });
    expect(await insertUser(database, newUser("fresh"))).toBe("taken");

    await claims.insertOne({
      _id: "abandoned" as never,
      userId: "never-stored",
      createdAt: new Date(Date.now() - 2 * 60_000),
    });
    expect(await findUserByUsername(database, "abandoned")).toBeNull();
    const user = newUser("abandoned");
    expect(await insertUser(database, user)).toBe("created");
    expect(await findUserByUsername(database, "abandoned")).toMatchObject({ id: user.id });
  });
});

describe("usernames of users stored before claims existed", () => {
  it("are claimed when the database is first used, so those users can still log in", async () => {
    const old = createTestDatabase();
    const client = await mongo.MongoClient.connect(old.uri);
    await client
      .db(old.dbName)
      .collection("users")
      .insertMany(
        ["early", "earlier"].map((username) => ({
          _id: `id-${username}` as never,
          username,
          passwordHash: "$argon2id$x",
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      );
    await client.close();

    const upgraded = createDatabase({ uri: old.uri, dbName: old.dbName });
    try {
      expect(await findUserByUsername(upgraded, "early")).toMatchObject({ id: "id-early" });
      expect(await findUserByUsername(upgraded, "earlier")).toMatchObject({ id: "id-earlier" });
    } finally {
      await upgraded.close();
      await old.drop();
    }
  });
});

describe("a rehash of the password", () => {
  it("PW-12: replaces only the hash that was verified, never a password changed meanwhile", async () => {
    const user = newUser("rehashed");
    await insertUser(database, user);
    await updatePasswordHash(database, user.id, { from: "$argon2id$old", to: "$argon2id$stale" });
    expect((await findUserByUsername(database, "rehashed"))?.passwordHash).toBe("$argon2id$x");
    await updatePasswordHash(database, user.id, { from: "$argon2id$x", to: "$argon2id$new" });
    expect((await findUserByUsername(database, "rehashed"))?.passwordHash).toBe("$argon2id$new");
  });
});
