// The database stopping under a running admin console, and coming back. The console reaches
// the database through a relay the test can unplug; landing and the test itself use it
// directly. An outage is never a sign-out: 503, the cookie untouched, no redirect.
import { startDatabaseProxy, type DatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import { postForm, type HttpResult } from "@monorepo-auth/testing/http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  get,
  loginUrlFor,
  pageText,
  signUpAdmin,
  startApps,
  type SignedIn,
  type TestApps,
} from "./support/apps.ts";

let proxy: DatabaseProxy;
let apps: TestApps;
let alice: SignedIn;

beforeAll(async () => {
  proxy = await startDatabaseProxy();
  apps = await startApps({ adminMongodbUri: proxy.uri });
  alice = await signUpAdmin(apps, "outage");
});
afterEach(async () => {
  await proxy.up();
});
afterAll(async () => {
  await apps.stop();
  await proxy.close();
});

const home = () => get(`${apps.admin.url}/`, alice.token);

/** A 503 that signs nobody out: no cookie set or cleared, no redirect, a retry hint. */
function expectUnavailable(result: HttpResult): void {
  expect(result.status).toBe(503);
  expect(result.setCookies).toEqual([]);
  expect(result.location).toBeNull();
  expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(result.headers.get("cache-control")).toBe("no-store");
}

async function untilServing(): Promise<void> {
  await expect
    .poll(async () => (await home()).status, { timeout: 15_000, interval: 200 })
    .toBe(200);
}

/** Unplugs the database and waits (bounded) until the console has noticed. */
async function goDown(): Promise<void> {
  await proxy.down();
  await expect
    .poll(async () => (await home()).status, { timeout: 15_000, interval: 100 })
    .toBe(503);
}

describe("the database goes down", () => {
  // The first request after a drop races the driver noticing the cut connections.
  it("even the first request after each drop answers 503, not 500 (five drops)", async () => {
    const first: number[] = [];
    for (let outage = 0; outage < 5; outage++) {
      await proxy.up();
      await untilServing();
      await Promise.all(Array.from({ length: 4 }, home));
      await proxy.down();
      const result = await home();
      expect(result.setCookies).toEqual([]);
      expect(result.location).toBeNull();
      first.push(result.status);
    }
    expect(first).toEqual([503, 503, 503, 503, 503]);
  });

  it("pages answer 503 within 5 s with an HTML page, keeping the cookie", async () => {
    await untilServing();
    await goDown();
    for (const path of ["/", "/no/such/page"]) {
      const result = await get(`${apps.admin.url}${path}`, alice.token);
      expectUnavailable(result);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.headers.get("content-type")).toMatch(/^text\/html/);
      expect(pageText(result.body)).toContain("Temporarily unavailable");
      expect(pageText(result.body)).not.toContain("Signed in as");
    }
  });

  it("a form posted during the outage is a 503 too, and signs nobody out", async () => {
    await goDown();
    const result = await postForm(`${apps.admin.url}/`, {}, { cookie: `session=${alice.token}` });
    expectUnavailable(result);
  });

  it("without a cookie, pages still send the browser to login (no database needed)", async () => {
    await goDown();
    const result = await get(`${apps.admin.url}/`);
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
  });

  it("a database that accepts connections but never answers: 503 within 10 s, cookie kept", async () => {
    await untilServing();
    await goDown();
    await proxy.stall();
    const result = await home();
    expectUnavailable(result);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe("the database comes back", () => {
  it("the same cookie works again on the same server process", async () => {
    await goDown();
    expectUnavailable(await home());
    await proxy.up();
    await untilServing();
    expect(pageText((await home()).body)).toContain(
      `Signed in as <strong>${alice.username}</strong>`,
    );
    expect(apps.admin.hasExited()).toBe(false);
  });
});
