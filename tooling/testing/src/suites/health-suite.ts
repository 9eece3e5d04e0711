import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runAppToExit, startApp, type AppName, type AppServer } from "../app-server.ts";
import { startDatabaseProxy, type DatabaseProxy } from "../database-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../test-database.ts";

/**
 * The contract both apps keep for GET /api/health and for start-up, run against the
 * app's production build. Shared so that the two apps cannot drift apart.
 */
export function describeHealthAndStartup(name: AppName): void {
  describe(`${name}: GET /api/health`, () => {
    let proxy: DatabaseProxy;
    let test: TestDatabase;
    let app: AppServer;

    beforeAll(async () => {
      proxy = await startDatabaseProxy();
      test = createTestDatabase({ uri: proxy.uri });
      app = await startApp(name, {
        env: { MONGODB_URI: proxy.uri, MONGODB_DB_NAME: test.dbName },
      });
    });
    afterAll(async () => {
      await app.stop();
      await test.drop();
      await proxy.close();
    });

    const health = async () => {
      const started = Date.now();
      const response = await fetch(`${app.url}/api/health`);
      return {
        status: response.status,
        body: await response.json(),
        cacheControl: response.headers.get("cache-control"),
        ms: Date.now() - started,
      };
    };

    it("answers 200 ok when the database is up", async () => {
      const result = await health();
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ status: "ok", db: "up" });
      expect(result.cacheControl).toContain("no-store");
    });

    it("answers 503 degraded within 3 seconds when the database is gone, and recovers by itself", async () => {
      await proxy.down();
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: "degraded", db: "down" });
      expect(down.ms).toBeLessThan(3_000);

      await proxy.up();
      await expect.poll(async () => (await health()).status, { timeout: 15_000 }).toBe(200);
    });

    it("answers 503 within 3 seconds when the database hangs", async () => {
      await proxy.stall();
      const stalled = await health();
      await proxy.up();
      expect(stalled.status).toBe(503);
      expect(stalled.ms).toBeLessThan(3_000);
    });
  });

  describe(`${name}: start-up`, () => {
    it("boots while the database is down, then serves once it is back", async () => {
      const proxy = await startDatabaseProxy();
      await proxy.down();
      const app = await startApp(name, { env: { MONGODB_URI: proxy.uri } });
      try {
        expect((await fetch(`${app.url}/api/health`)).status).toBe(503);
        await proxy.up();
        await expect
          .poll(async () => (await fetch(`${app.url}/api/health`)).status, { timeout: 15_000 })
          .toBe(200);
      } finally {
        await app.stop();
        await proxy.close();
      }
    });

    it("refuses to start with a bad setting, naming the variable and not its value", async () => {
      const secret = "s3cret-password";
      const { code, output } = await runAppToExit(name, {
        MONGODB_URI: `postgres://user:${secret}@db.example.com/app`,
        WEB_URL: "ftp://example.com",
      });
      expect(code).not.toBe(0);
      expect(output).toContain("MONGODB_URI");
      expect(output).not.toContain(secret);
    });

    it("refuses a cookie domain that is a public suffix", async () => {
      const { code, output } = await runAppToExit(name, {
        MONGODB_URI: "mongodb://127.0.0.1:1/",
        LANDING_URL: "https://landing.vercel.app",
        WEB_URL: "https://web.vercel.app",
        AUTH_COOKIE_DOMAIN: "vercel.app",
      });
      expect(code).not.toBe(0);
      expect(output).toMatch(/AUTH_COOKIE_DOMAIN .*public suffix/);
    });
  });
}
