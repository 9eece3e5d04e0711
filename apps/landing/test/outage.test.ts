// The database goes away under a running landing: every request that needs it answers 503
// within seconds — never a sign-out, never a stack trace — and once it is back the same
// process serves the same cookie again. The log says so once, with the cause.
import type { DatabaseLogRecord } from "@monorepo-auth/db/outage-log";
import { freePort } from "@monorepo-auth/testing/app-server";
import { startDatabaseProxy, type DatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { authEvents, loggedEvents } from "@monorepo-auth/testing/logs";
import { logIn, PASSWORD, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionExists } from "@monorepo-auth/testing/stored-sessions";
import { landingAccepts } from "@monorepo-auth/testing/token-accepted";
import { uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, expectNoStackTrace, input } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

const UNAVAILABLE = "The service is temporarily unavailable. Please try again in a moment.";
const JSON_ACCEPT = { accept: "application/json" };

let proxy: DatabaseProxy;
let landing: Landing;

beforeAll(async () => {
  proxy = await startDatabaseProxy();
  landing = await startLanding({ mongodbUri: proxy.uri });
});
afterAll(async () => {
  await proxy.up();
  await landing.stop();
  await proxy.close();
});

/** A 503 that keeps the cookie: no Set-Cookie at all, no redirect, Retry-After, fast. */
function expectUnavailable(result: HttpResult, json = false): void {
  expect(result.status).toBe(503);
  expect(result.setCookies).toEqual([]);
  expect(result.location).toBeNull();
  expect(result.headers.get("retry-after")).toBe("5");
  expect(result.headers.get("cache-control")).toBe("no-store");
  expect(result.ms).toBeLessThan(5_000);
  expectNoStackTrace(result.body);
  if (json) {
    expect(JSON.parse(result.body)).toEqual({ error: "unavailable" });
  } else {
    expect(result.headers.get("content-type")).toMatch(/^text\/html/);
    expect(alertMessage(result.body)).toContain(UNAVAILABLE);
  }
}

function databaseLog(app: Landing): DatabaseLogRecord[] {
  return loggedEvents<DatabaseLogRecord>(app.app.logs(), "database");
}

async function backUp(token: string): Promise<void> {
  await proxy.up();
  await expect
    .poll(() => landingAccepts(landing.url, token), { timeout: 20_000, interval: 250 })
    .toBe(true);
}

describe("database down", () => {
  let person: SignedIn;

  beforeAll(async () => {
    person = await signUp(landing);
    expect(await landingAccepts(landing.url, person.token)).toBe(true);
    await proxy.down();
  });

  it("pages with a session cookie → 503 within 5 s, the cookie left alone", async () => {
    const results = await Promise.all(
      ["/", "/login", "/signup"].map((path) => get(landing, path, { token: person.token })),
    );
    for (const result of results) expectUnavailable(result);
    expectUnavailable(
      await get(landing, "/login", { token: person.token, headers: JSON_ACCEPT }),
      true,
    );
  });

  it("pages without a cookie need no database: 200", async () => {
    for (const path of ["/", "/login", "/signup"]) {
      expect((await get(landing, path)).status).toBe(200);
    }
  });

  it("POST /api/login and /api/signup → 503 within 5 s, no cookie; the form keeps the username", async () => {
    const username = uniqueUsername();
    const [login, signup, loginJson, signupJson] = await Promise.all([
      post(landing, "/api/login", { username: person.username, password: PASSWORD }),
      post(landing, "/api/signup", { username, password: PASSWORD }),
      post(
        landing,
        "/api/login",
        { username: person.username, password: PASSWORD },
        { headers: JSON_ACCEPT },
      ),
      post(landing, "/api/signup", { username, password: PASSWORD }, { headers: JSON_ACCEPT }),
    ]);
    expectUnavailable(login);
    expect(input(login.body, "username")?.value).toBe(person.username);
    expectUnavailable(signup);
    expect(input(signup.body, "username")?.value).toBe(username);
    expectUnavailable(loginJson, true);
    expectUnavailable(signupJson, true);
  });

  it("a login while signed in → 503, the existing cookie not cleared", async () => {
    const result = await post(
      landing,
      "/api/login",
      { username: person.username, password: PASSWORD },
      { token: person.token },
    );
    expectUnavailable(result);
  });

  it("POST /api/logout → 503, the cookie not cleared (an outage is not a sign-out)", async () => {
    expectUnavailable(await post(landing, "/api/logout", null, { token: person.token }));
  });

  it("once the database is back, the same process takes the same cookie again", async () => {
    await backUp(person.token);
    // Started once and never ended: no restart brought it back.
    expect(landing.app.hasExited()).toBe(false);
    expect(landing.app.logs().match(/landing: listening on/g)).toHaveLength(1);
    expect(await sessionExists(landing, person.sessionId)).toBe(true);
    expect((await logIn(landing, person)).result.status).toBe(303);
    // The outage was recorded, without any secret.
    const events = authEvents(landing.app.logs()).filter((event) => event.type === "unavailable");
    expect(events.length).toBeGreaterThan(0);
    expect(landing.app.logs()).not.toContain(person.secret);
  });

  it("the log holds one line for the outage, naming the host and the driver's reason, and one for its end", async () => {
    const host = new URL(proxy.uri).host;
    await expect
      .poll(() => databaseLog(landing).map((record) => record.type), { timeout: 15_000 })
      .toEqual(["unreachable", "reachable_again"]);
    const [down] = databaseLog(landing);
    expect(down?.hosts).toEqual([host]);
    expect(down?.error?.name).toMatch(/^Mongo/);
    expect(down?.error?.message).toContain(host);
  });
});

describe("a database never reached, with credentials in its URI", () => {
  it("one line names the host and the reason, and neither the user nor the password", async () => {
    const host = `127.0.0.1:${String(await freePort())}`;
    const [user, password] = ["outage-user", "outage-password-7"];
    const unreachable = await startLanding({
      mongodbUri: `mongodb://${user}:${password}@${host}/`,
    });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await get(unreachable, "/api/health")).status).toBe(503);
      }
      expect(databaseLog(unreachable)).toMatchObject([
        {
          type: "unreachable",
          hosts: [host],
          error: { name: "MongooseServerSelectionError", message: `connect ECONNREFUSED ${host}` },
        },
      ]);
      expect(unreachable.app.logs()).not.toContain(password);
      expect(unreachable.app.logs()).not.toContain(user);
    } finally {
      await unreachable.stop();
    }
  });
});

describe("database hanging", () => {
  it("a page with a session cookie → 503 within 5 s, the cookie left alone; then it recovers", async () => {
    const person = await signUp(landing);
    await proxy.stall();
    try {
      const result = await get(landing, "/login", { token: person.token });
      expect(result.status).toBe(503);
      expect(result.setCookies).toEqual([]);
      expect(result.location).toBeNull();
      expect(result.ms).toBeLessThan(5_000);
    } finally {
      await backUp(person.token);
    }
  });
});

describe("RL-12: a database that answers a request's first queries and hangs on a later one", () => {
  it("a login whose user lookup hangs → 503 on the form, no cookie set or cleared", async () => {
    const person = await signUp(landing);
    // The session read and the throttling pass; the lookup of the user never gets an answer.
    proxy.stallCommands((command) => command.find === "users");
    try {
      const result = await post(
        landing,
        "/api/login",
        { username: person.username, password: PASSWORD },
        { token: person.token },
      );
      expectUnavailable(result);
      expect(input(result.body, "username")?.value).toBe(person.username);
    } finally {
      await backUp(person.token);
    }
  });

  it("a sign-up whose insert hangs → 503, and no session", async () => {
    const username = uniqueUsername("stalled");
    proxy.stallCommands((command) => command.insert === "users");
    try {
      const result = await post(landing, "/api/signup", { username, password: PASSWORD });
      expectUnavailable(result);
    } finally {
      await proxy.up();
    }
  });
});
