// The database stopping under a running web app (RL-02) and coming back (RL-03). Web
// reaches the database through a relay the test can unplug; landing and the test itself
// use it directly. An outage is never a sign-out: 503, the cookie untouched, no redirect.
import type { DatabaseLogRecord } from "@monorepo-auth/db/outage-log";
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import { startDatabaseProxy, type DatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import { postForm, type HttpResult } from "@monorepo-auth/testing/http";
import { loggedEvents } from "@monorepo-auth/testing/logs";
import { signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocument } from "@monorepo-auth/testing/stored-sessions";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { get, me, pageText, startApps } from "./support/apps.ts";
import { signOutEverywhereForm, submitForm, type PageForm } from "./support/forms.ts";

let proxy: DatabaseProxy;
let apps: TestApps<"landing" | "web">;
let alice: SignedIn;
let everywhere: PageForm;

beforeAll(async () => {
  proxy = await startDatabaseProxy();
  apps = await startApps({ webMongodbUri: proxy.uri });
  alice = await signUp(apps, { prefix: "outage" });
  const page = await get(`${apps.web.url}/account`, alice.token);
  expect(page.status).toBe(200);
  everywhere = signOutEverywhereForm(page.body);
});

afterEach(async () => {
  await proxy.up();
});

afterAll(async () => {
  await apps.stop();
  await proxy.close();
});

/** A 503 that signs nobody out: no cookie set or cleared, no redirect, a retry hint. */
function expectUnavailable(result: HttpResult): void {
  expect(result.status).toBe(503);
  expect(result.setCookies).toEqual([]);
  expect(result.location).toBeNull();
  expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(result.headers.get("cache-control")).toContain("no-store");
}

/** Waits (bounded) until web answers with the database up. */
async function untilServing(): Promise<void> {
  await expect
    .poll(async () => (await me(apps, alice.token)).status, { timeout: 15_000, interval: 200 })
    .toBe(200);
}

/**
 * Unplugs the database and waits (bounded) until web has noticed. The very first request
 * after the drop can meet a half-closed socket; what it answers is pinned down by its own
 * test below, so the other tests look at the outage once it is established.
 */
async function goDown(): Promise<void> {
  await proxy.down();
  await expect
    .poll(async () => (await me(apps, alice.token)).status, { timeout: 15_000, interval: 100 })
    .toBe(503);
}

describe("RL-02: the database goes down", () => {
  // The first request after a drop races the driver noticing the cut connections. It
  // loses about one drop in five, so twenty drops in a row show it almost surely.
  it("even the first request after each drop answers 503, not 500 (twenty drops)", async () => {
    const first: number[] = [];
    for (let outage = 0; outage < 20; outage++) {
      await proxy.up();
      await untilServing();
      // Several requests at once, as real traffic would: the driver pools more connections.
      const warm = await Promise.all(
        Array.from({ length: 4 }, () => get(`${apps.web.url}/`, alice.token)),
      );
      expect(warm.map((result) => result.status)).toEqual([200, 200, 200, 200]);
      await proxy.down();
      const result = await get(`${apps.web.url}/`, alice.token);
      expect(result.setCookies).toEqual([]);
      expect(result.location).toBeNull();
      first.push(result.status);
    }
    const wrong = first.flatMap((status, drop) =>
      status === 503 ? [] : [`drop ${String(drop + 1)}: ${String(status)}`],
    );
    expect(wrong).toEqual([]);
  });

  it("pages answer 503 within 5 s with an HTML page, keeping the cookie", async () => {
    await untilServing();
    expect((await get(`${apps.web.url}/`, alice.token)).status).toBe(200);
    await goDown();
    for (const path of ["/", "/account"]) {
      const result = await get(`${apps.web.url}${path}`, alice.token);
      expectUnavailable(result);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.headers.get("content-type")).toMatch(/^text\/html/);
      expect(result.body).toContain("temporarily unavailable");
      expect(pageText(result.body)).not.toContain("Hello,");
    }
  });

  it("/api/me and JSON clients get 503 {error: unavailable}", async () => {
    await goDown();
    for (const [path, headers] of [
      ["/api/me", {}],
      ["/", { accept: "application/json" }],
      ["/account", { accept: "application/json" }],
    ] as const) {
      const result = await get(`${apps.web.url}${path}`, alice.token, headers);
      expectUnavailable(result);
      expect(result.ms).toBeLessThan(5_000);
      expect(result.headers.get("content-type")).toMatch(/^application\/json/);
      expect(JSON.parse(result.body)).toStrictEqual({ error: "unavailable" });
    }
  });

  it("POST /api/logout answers 503 and does not clear the cookie", async () => {
    await goDown();
    const result = await postForm(
      `${apps.web.url}/api/logout`,
      {},
      {
        cookie: cookieHeader(alice.token),
      },
    );
    expectUnavailable(result);
  });

  it("a server action answers 503, not 500, and signs nobody out", async () => {
    await goDown();
    const result = await submitForm(
      `${apps.web.url}/account`,
      everywhere,
      {},
      {
        token: alice.token,
      },
    );
    expect(result.setCookies).toEqual([]);
    expect(result.location).toBeNull();
    expect(result.status).toBe(503);
  });

  it("without a cookie, pages still send the browser to login (no database needed)", async () => {
    await goDown();
    const result = await get(`${apps.web.url}/`);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${apps.landing.url}/login?returnTo=%2F`);
  });

  it("a database that accepts connections but never answers: 503 within 10 s, cookie kept", async () => {
    // Settled first: stall() also cuts the live connections, and the first request after a
    // cut is the race pinned down above.
    await untilServing();
    await goDown();
    await proxy.stall();
    const result = await get(`${apps.web.url}/`, alice.token);
    expectUnavailable(result);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe("the outage log", () => {
  const log = (): DatabaseLogRecord[] =>
    loggedEvents<DatabaseLogRecord>(apps.web.logs(), "database");
  const typesSince = (index: number): string[] =>
    log()
      .slice(index)
      .map((record) => record.type);
  const within = { timeout: 15_000 };

  it("has one line per outage, naming the host and the driver's reason, and one for each end", async () => {
    await untilServing();
    // The outages of the tests above have ended: their last line says so.
    await expect.poll(() => log().at(-1)?.type ?? "none", within).not.toBe("unreachable");
    const before = log().length;

    await goDown();
    for (let request = 0; request < 5; request++) {
      expectUnavailable(await get(`${apps.web.url}/api/me`, alice.token));
    }
    await expect.poll(() => typesSince(before), within).toEqual(["unreachable"]);
    const host = new URL(proxy.uri).host;
    const [down] = log().slice(before);
    expect(down?.hosts).toEqual([host]);
    expect(down?.error?.name).toMatch(/^Mongo/);
    // The driver's reason, whichever of its sockets noticed first: a failed connection names
    // the address it tried; a pooled connection cut by the outage says only how it was cut
    // ("read ECONNRESET"). The host itself is always in `hosts`.
    const reason = down?.error?.message ?? "";
    expect(reason.includes(host) || /ECONNRESET|EPIPE|closed/.test(reason), reason).toBe(true);

    await proxy.up();
    await untilServing();
    await expect.poll(() => typesSince(before), within).toEqual(["unreachable", "reachable_again"]);
  });

  it("never has two outage lines in a row, across every drop of this file", () => {
    const types = typesSince(0);
    expect(types.length).toBeGreaterThan(0);
    expect(types.join(",")).not.toContain("unreachable,unreachable");
  });
});

describe("RL-03: the database comes back", () => {
  it("the same cookie works again on the same server process", async () => {
    await goDown();
    expectUnavailable(await get(`${apps.web.url}/api/me`, alice.token));
    await proxy.up();
    await untilServing();
    expect(await me(apps, alice.token)).toMatchObject({
      body: { user: { username: alice.username } },
    });
    const home = await get(`${apps.web.url}/`, alice.token);
    expect(home.status).toBe(200);
    expect(pageText(home.body)).toContain(`Hello, ${alice.username}`);
    expect((await get(`${apps.web.url}/account`, alice.token)).status).toBe(200);
    // Nothing was deleted while the database was away.
    expect(await sessionDocument(apps, alice.sessionId)).not.toBeNull();
    // Served by the process started before the outage: it never ended.
    expect(apps.web.hasExited()).toBe(false);
  });
});

describe("RL-12: a database that answers a request's first queries and hangs on a later one", () => {
  // The proxy's checks and the page's own session read pass; the account page's list of
  // sessions (the one query by userId) never gets an answer, as on a server stuck on it.
  const listsSessions = (command: Record<string, unknown>) =>
    command.find === "sessions" &&
    typeof command.filter === "object" &&
    command.filter !== null &&
    "userId" in command.filter;

  it("/account answers 503 with the unavailable notice, keeping the cookie", async () => {
    await untilServing();
    proxy.stallCommands(listsSessions);
    const result = await get(`${apps.web.url}/account`, alice.token);
    expectUnavailable(result);
    expect(pageText(result.body)).toContain("Temporarily unavailable");
    expect(result.body).not.toMatch(/digest|at \S+ \(/);
    expect(result.ms).toBeLessThan(10_000);
  });

  it("a server action whose own query hangs answers 503, and signs nobody out", async () => {
    await untilServing();
    const page = await get(`${apps.web.url}/account`, alice.token);
    expect(page.status).toBe(200);
    // Sign out everywhere deletes by userId: the action's own query, after the checks passed.
    proxy.stallCommands(
      (command) =>
        command.delete === "sessions" && JSON.stringify(command.deletes ?? "").includes("userId"),
    );
    const result = await submitForm(
      `${apps.web.url}/account`,
      signOutEverywhereForm(page.body),
      {},
      {
        token: alice.token,
      },
    );
    expectUnavailable(result);
    await proxy.up();
    await untilServing();
    expect(await sessionDocument(apps, alice.sessionId)).not.toBeNull();
  });
});
