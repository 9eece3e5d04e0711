// Shared set-up for the auth core's tests: a real database of the test's own, settings as
// the apps would parse them, a clock the test moves by hand, and the events it records.
import { createDatabase, type Database } from "@monorepo-auth/db/database";
import { createMailer } from "@monorepo-auth/mail/mailer";
import { testSmtpUrl } from "@monorepo-auth/testing/mailpit";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";

import { createAuth, type Auth, type AuthOptions } from "../src/auth.ts";
import { parseAuthSettings, type AuthSettings } from "../src/config/environment.ts";
import type { AuthEventRecord } from "../src/events.ts";
import type { Client } from "../src/request/client.ts";

export interface ManualClock {
  (): Date;
  advance(ms: number): void;
  set(date: Date): void;
}

const MINUTE_MS = 60_000;

/**
 * A clock the test moves by hand. It starts at the current minute, not at a fixed date:
 * what a test writes must not be expired already by the real clock, which the TTL index
 * and the purge timer go by, or either could delete it mid-test.
 */
export function manualClock(
  start = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS),
): ManualClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as ManualClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (date) => {
    now = date.getTime();
  };
  return clock;
}

/** Auth settings as the apps parse them; the URI is never dialled (the test hands over its database). */
export function testSettings(env: Record<string, string> = {}): AuthSettings {
  return parseAuthSettings({ MONGODB_URI: "mongodb://127.0.0.1:1/", ...env });
}

export interface TestAuth {
  auth: Auth;
  database: Database;
  clock: ManualClock;
  events: AuthEventRecord[];
  test: TestDatabase;
  close(): Promise<void>;
}

/**
 * An auth core on a database of its own — or, with `shareWith`, on another test auth's
 * database and clock, as a second app instance would be.
 */
export function createTestAuth(
  options: {
    env?: Record<string, string>;
    uri?: string;
    shareWith?: TestAuth;
    /** Send mail to the tests' Mailpit (unless `mailer` says where). */
    mail?: boolean;
  } & Partial<Pick<AuthOptions, "hashLimits" | "fetch" | "mailer" | "onMailError">> = {},
): TestAuth {
  const shared = options.shareWith;
  const test =
    shared?.test ?? createTestDatabase(options.uri === undefined ? {} : { uri: options.uri });
  const database = createDatabase({ uri: test.uri, dbName: test.dbName });
  const clock = shared?.clock ?? manualClock();
  const events: AuthEventRecord[] = [];
  const settings = testSettings({
    ...(options.mail ? { SMTP_URL: testSmtpUrl() } : {}),
    ...options.env,
  });
  const mailer = options.mailer ?? (settings.mail ? createMailer(settings.mail) : null);
  const auth = createAuth({
    database,
    settings,
    mailer,
    ...(options.onMailError ? { onMailError: options.onMailError } : {}),
    clock,
    onEvent: (event) => events.push(event),
    ...(options.hashLimits ? { hashLimits: options.hashLimits } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    auth,
    database,
    clock,
    events,
    test,
    async close() {
      await database.close();
      if (!shared) await test.drop();
    },
  };
}

/** A client as the apps would describe it: no session or device cookie. */
export const CLIENT: Client = {
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Test/1.0",
  sessionTokens: [],
  deviceToken: null,
};
