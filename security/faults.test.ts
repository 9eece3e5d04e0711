// The database stops and starts under running apps; the apps start without it; the apps
// restart. Through all of it: fast 503s, no cookie cleared, nobody sent to the login page,
// no crash, and recovery without anyone's help.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { startDatabaseProxy, type DatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import { postForm, request } from "@monorepo-auth/testing/http";
import { signUp } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { landingAccepts, webAccepts } from "@monorepo-auth/testing/token-accepted";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the database stops and starts while both apps run", () => {
  let proxy: DatabaseProxy;
  let apps: TestApps<"landing" | "web">;
  let landing: AppServer;
  let web: AppServer;
  let token: string;

  beforeAll(async () => {
    proxy = await startDatabaseProxy();
    apps = await startTestApps(["landing", "web"], { mongodbUri: proxy.uri });
    ({ landing, web } = apps);
    ({ token } = await signUp(apps, { username: "survivor" }));
  });
  afterAll(async () => {
    await apps.stop();
    await proxy.close();
  });

  it("RL-01: a login while the database is stopped answers 503 within 5 s, with no cookie", async () => {
    await proxy.down();
    try {
      const result = await postForm(`${landing.url}/api/login`, {
        username: "survivor",
        password: "correct horse 7",
      });
      expect(result.status).toBe(503);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.headers.get("retry-after")).not.toBeNull();
      expect(result.setCookies).toEqual([]);
    } finally {
      await proxy.up();
    }
  });

  it("RL-02: with a valid cookie, both apps answer 503 — no clearing cookie, no redirect to login", async () => {
    await proxy.down();
    try {
      for (const url of [
        `${web.url}/`,
        `${web.url}/account`,
        `${landing.url}/`,
        `${landing.url}/login`,
      ]) {
        const result = await request(url, { cookie: `session=${token}` });
        expect({ url, status: result.status }).toEqual({ url, status: 503 });
        expect(result.ms).toBeLessThan(5_000);
        expect(result.setCookies).toEqual([]);
        expect(result.location).toBeNull();
        expect(result.body).not.toMatch(/at \w+ \(|node_modules|Error:/);
      }
    } finally {
      await proxy.up();
    }
  });

  it("RL-03: when it is back, the same cookie works on both, served by the same processes", async () => {
    await proxy.down();
    await request(`${web.url}/`, { cookie: `session=${token}` });
    await proxy.up();
    await expect.poll(() => webAccepts(web.url, token), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => landingAccepts(landing.url, token), { timeout: 20_000 }).toBe(true);
    // Neither process ended since it started: no restart brought them back.
    expect([landing.hasExited(), web.hasExited()]).toEqual([false, false]);
  });

  it("a database that hangs instead of refusing gets the same fast 503", async () => {
    await proxy.stall();
    try {
      const result = await request(`${web.url}/api/me`, { cookie: `session=${token}` });
      expect(result.status).toBe(503);
      expect(result.ms).toBeLessThan(6_000);
    } finally {
      await proxy.up();
    }
    await expect.poll(() => webAccepts(web.url, token), { timeout: 20_000 }).toBe(true);
  });
});

describe("RL-04: the apps start while the database is down", () => {
  it("boot, serve 503, then recover by themselves", async () => {
    const proxy = await startDatabaseProxy();
    await proxy.down();
    const apps = await startTestApps(["landing", "web"], { mongodbUri: proxy.uri });
    const { landing, web } = apps;
    try {
      expect((await request(`${landing.url}/api/health`)).status).toBe(503);
      expect((await request(`${web.url}/api/health`)).status).toBe(503);
      const login = await postForm(`${landing.url}/api/signup`, {
        username: "early",
        password: "correct horse 7",
      });
      expect(login.status).toBe(503);

      await proxy.up();
      await expect
        .poll(async () => (await request(`${landing.url}/api/health`)).status, { timeout: 20_000 })
        .toBe(200);
      const { token } = await signUp(apps, { username: "early" });
      await expect.poll(() => webAccepts(web.url, token), { timeout: 20_000 }).toBe(true);
    } finally {
      await apps.stop();
      await proxy.close();
    }
  });
});

describe("RL-11: both apps restart", () => {
  it("the same cookie still works on both afterwards", async () => {
    const apps = await startTestApps(["landing", "web"]);
    try {
      const { token } = await signUp(apps, { username: "restarter" });
      await apps.restart();
      expect(await webAccepts(apps.web.url, token)).toBe(true);
      expect(await landingAccepts(apps.landing.url, token)).toBe(true);
    } finally {
      await apps.stop();
    }
  });
});
