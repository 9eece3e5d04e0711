// RL-07: concurrent sign-ups of one name, over HTTP, create exactly one user.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm } from "@monorepo-auth/testing/http";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PASSWORD, appUrls, startOn } from "./support/apps.ts";

describe("RL-07: 20 parallel sign-ups of one name", () => {
  let test: TestDatabase;
  let landing: AppServer;
  let connection: mongoose.Connection;

  beforeAll(async () => {
    test = createTestDatabase();
    const urls = await appUrls();
    landing = await startOn("landing", urls.LANDING_URL, {
      ...urls,
      MONGODB_URI: test.uri,
      MONGODB_DB_NAME: test.dbName,
      IP_ATTEMPT_LIMIT: "1000",
    });
    connection = await mongoose.createConnection(test.uri, { dbName: test.dbName }).asPromise();
  });
  afterAll(async () => {
    await connection.close();
    await landing.stop();
    await test.drop();
  });

  const signUps = (names: string[]) =>
    Promise.all(
      names.map((username) =>
        postForm(
          `${landing.url}/api/signup`,
          { username, password: PASSWORD },
          { headers: { accept: "application/json" } },
        ),
      ),
    );

  it.each([
    ["one spelling", Array.from({ length: 20 }, () => "racer")],
    [
      "mixed case and width",
      Array.from({ length: 5 }, () => ["Racer2", "racer2", "RACER2", "ｒａｃｅｒ２"]).flat(),
    ],
  ])("%s: exactly one 303, the rest 409, no 500, one document", async (_label, names) => {
    const results = await signUps(names);
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(
      results
        .filter((result) => result.status === 409)
        .every((result) => result.body === '{"error":"username_taken"}'),
    ).toBe(true);
    const canonical = (names[0] ?? "").normalize("NFKC").toLowerCase();
    expect(await connection.collection("users").countDocuments({ username: canonical })).toBe(1);
  });
});
