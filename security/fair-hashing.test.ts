// HD-02: one address or one account hammering logins holds at most its share of the
// hashing slots, so the queue it fills is never everyone's: a person logging in from
// elsewhere during the flood is served, not told the server is busy. (The share itself is
// proved deterministically in packages/auth/src/password/hash-limiter.test.ts.)
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm, type HttpResult } from "@monorepo-auth/testing/http";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PASSWORD, appUrls, signUp, startOn } from "./support/apps.ts";

const PARALLEL = 48;

describe("HD-02: a fair share of the hashing slots", () => {
  let test: TestDatabase;
  let landing: AppServer;

  beforeAll(async () => {
    test = createTestDatabase();
    const urls = await appUrls();
    landing = await startOn("landing", urls.LANDING_URL, {
      ...urls,
      MONGODB_URI: test.uri,
      MONGODB_DB_NAME: test.dbName,
      // Each client is told apart by the address its (trusted) proxy reports.
      TRUST_PROXY_HOPS: "1",
    });
    await signUp(landing.url, "hammered", { "x-forwarded-for": "10.0.0.1" });
    await signUp(landing.url, "bystander", { "x-forwarded-for": "10.0.0.2" });
  });
  afterAll(async () => {
    await landing.stop();
    await test.drop();
  });

  const login = (username: string, ip: string) =>
    postForm(
      `${landing.url}/api/login`,
      { username, password: PASSWORD },
      { headers: { "x-forwarded-for": ip } },
    );

  it("48 logins at a time from one address to one account leave room for a bystander", async () => {
    const flood = new AbortController();
    const flooded: HttpResult[] = [];
    const worker = async () => {
      while (!flood.signal.aborted) flooded.push(await login("hammered", "10.0.0.1"));
    };
    const workers = Array.from({ length: PARALLEL }, worker);

    const bystander: HttpResult[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      bystander.push(await login("bystander", "10.0.0.2"));
    }
    flood.abort();
    await Promise.all(workers);

    // The flood ran for the whole time, each login either through or turned away as busy.
    // (On this machine the database, not hashing, bounds one address's logins; the share
    // itself is pinned by the limiter's own tests.)
    expect(flooded.length).toBeGreaterThan(2 * PARALLEL);
    expect(flooded.every((result) => result.status === 303 || result.status === 503)).toBe(true);
    // Every one of the bystander's logins went through.
    expect(bystander.map((result) => result.status)).toEqual([303, 303, 303, 303, 303, 303]);
  });
});
