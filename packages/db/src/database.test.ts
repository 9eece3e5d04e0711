import { startDatabaseProxy, type DatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import mongoose from "mongoose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, getDatabase, type Database, type DatabaseEvent } from "./database.ts";
import { DatabaseUnavailableError } from "./errors.ts";
import { databaseHealth } from "./health.ts";

describe("database handle", () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(() => {
    test = createTestDatabase();
    database = createDatabase({ uri: test.uri, dbName: test.dbName });
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it("does not connect until first used", () => {
    const before = mongoose.connections.length;
    createDatabase({ uri: test.uri, dbName: test.dbName });
    expect(mongoose.connections.length).toBe(before);
  });

  it("writes and reads through the real server", async () => {
    const { connection } = await database.models();
    await connection.collection("probe").insertOne({ _id: "a" as never, value: 42 });
    const doc = await connection.collection("probe").findOne({ _id: "a" as never });
    expect(doc).toMatchObject({ value: 42 });
  });

  it("creates the indexes the data functions rely on before first use", async () => {
    const { connection } = await database.models();
    const names = async (collection: string) =>
      Object.keys(await connection.collection(collection).indexInformation());
    expect(await names("users")).toContain("username_unique");
    expect(await names("sessions")).toContain("userId");
    expect(await names("attempts")).toContain("key_at");
  });

  it("shares one connection for concurrent first uses", async () => {
    const database = createDatabase({ uri: test.uri, dbName: test.dbName });
    const [a, b] = await Promise.all([database.models(), database.models()]);
    expect(a.connection).toBe(b.connection);
    await database.close();
  });

  it("keeps one handle per URI and name for the whole process", () => {
    const options = { uri: test.uri, dbName: test.dbName };
    expect(getDatabase(options)).toBe(getDatabase(options));
    expect(getDatabase({ ...options, dbName: "other" })).not.toBe(getDatabase(options));
  });

  it("reports itself up", async () => {
    expect(await databaseHealth(database)).toBe("up");
  });
});

describe("when the server is out of reach", () => {
  let proxy: DatabaseProxy;
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    proxy = await startDatabaseProxy();
    test = createTestDatabase({ uri: proxy.uri });
    database = createDatabase({ uri: test.uri, dbName: test.dbName });
  });
  afterEach(async () => {
    await proxy.up();
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
    await proxy.close();
  });

  it("fails first use fast with DatabaseUnavailableError, then connects once it is back", async () => {
    await proxy.down();
    const started = Date.now();
    await expect(database.models()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);

    await proxy.up();
    await expect(database.models()).resolves.toHaveProperty("connection");
  });

  it("answers health 'down' within 3 seconds, and 'up' again by itself", async () => {
    await database.models();
    await proxy.down();
    const started = Date.now();
    expect(await databaseHealth(database)).toBe("down");
    expect(Date.now() - started).toBeLessThan(3_000);

    await proxy.up();
    await expect.poll(() => databaseHealth(database), { timeout: 15_000 }).toBe("up");
  });

  it("fails an operation on a stalled server instead of hanging", async () => {
    const { User } = await database.models();
    await proxy.stall();
    const started = Date.now();
    await expect(User.findOne({ username: "x" }).exec()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("the events of an established connection", () => {
  let proxy: DatabaseProxy;
  let test: TestDatabase;
  let database: Database;
  const events: DatabaseEvent[] = [];
  const types = (): string[] => events.map((event) => event.type);

  beforeAll(async () => {
    proxy = await startDatabaseProxy();
    test = createTestDatabase({ uri: proxy.uri });
    database = createDatabase({
      uri: test.uri,
      dbName: test.dbName,
      onEvent: (event) => events.push(event),
    });
  });
  afterAll(async () => {
    await proxy.up();
    await database.close();
    await test.drop();
    await proxy.close();
  });

  it("reports the server going away once, with the driver's reason, and its return once", async () => {
    const { User } = await database.models();
    expect(types()).toEqual(["connected"]);

    await proxy.down();
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(User.findOne({ username: "x" }).exec()).rejects.toThrow();
    }
    await expect.poll(types, { timeout: 10_000 }).toEqual(["connected", "connection-lost"]);
    const lost = events[1];
    expect(lost?.type === "connection-lost" && lost.error).toBeInstanceOf(DatabaseUnavailableError);

    await proxy.up();
    await expect
      .poll(
        () =>
          User.findOne({ username: "x" })
            .exec()
            .then(() => "answered", String),
        {
          timeout: 15_000,
        },
      )
      .toBe("answered");
    await expect
      .poll(types, { timeout: 15_000 })
      .toEqual(["connected", "connection-lost", "reconnected"]);
  });

  it("reports nothing on close", async () => {
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(types()).toEqual(["connected", "connection-lost", "reconnected"]);
  });
});
