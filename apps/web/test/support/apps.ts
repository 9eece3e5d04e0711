// What the web app's integration tests share: both production builds on one fresh
// database, people signed up and logged in through landing's real endpoints, and the
// test's own handle on the database to read and edit session documents.
import { randomBytes } from "node:crypto";

import { createDatabase, type Database } from "@monorepo-auth/db/database";
import type { SessionDocument } from "@monorepo-auth/db/models/session";
import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import {
  cookieAttributes,
  cookieValue,
  postForm,
  request,
  sessionTokenFrom,
  type HttpResult,
} from "@monorepo-auth/testing/http";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";

export const COOKIE_NAME = "session";

export const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
export const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

export interface TestApps {
  landing: AppServer;
  web: AppServer;
  test: TestDatabase;
  /** The test's own connection to the apps' database (never through a proxy). */
  database: Database;
  stop(): Promise<void>;
}

/**
 * Starts landing and web on one fresh database, each knowing the other's URL. Landing
 * trusts one proxy hop, so every sign-up can come from its own `X-Forwarded-For` address,
 * and its IP budget is raised: a test file signs up far more people than a real IP would.
 * `webMongodbUri` puts web (only) behind another URI, such as a database proxy; `webEnv`
 * gives web settings of its own (TRUST_PROXY_HOPS=0, say).
 */
export async function startApps(
  options: { webMongodbUri?: string; webEnv?: Record<string, string> } = {},
): Promise<TestApps> {
  const test = createTestDatabase();
  const [landingPort, webPort] = await Promise.all([freePort(), freePort()]);
  const shared = {
    MONGODB_DB_NAME: test.dbName,
    LANDING_URL: `http://127.0.0.1:${landingPort}`,
    WEB_URL: `http://127.0.0.1:${webPort}`,
    TRUST_PROXY_HOPS: "1",
  };
  const [landing, web] = await Promise.all([
    startApp("landing", {
      port: landingPort,
      env: { ...shared, MONGODB_URI: test.uri, IP_ATTEMPT_LIMIT: "1000" },
    }),
    startApp("web", {
      port: webPort,
      env: { ...shared, MONGODB_URI: options.webMongodbUri ?? test.uri, ...options.webEnv },
    }),
  ]);
  const database = createDatabase({ uri: test.uri, dbName: test.dbName });
  return {
    landing,
    web,
    test,
    database,
    async stop() {
      await Promise.all([landing.stop(), web.stop()]);
      await database.close();
      await test.drop();
    },
  };
}

export interface Person {
  username: string;
  password: string;
}

export interface SignedIn extends Person {
  /** The whole cookie value, `<id>.<secret>`. */
  token: string;
  /** The public half of the token: the session document's `_id`. */
  sessionId: string;
  /** The secret half of the token. */
  secret: string;
}

export interface ClientOptions {
  userAgent?: string;
  /** The client's address as landing's trusted proxy reports it. */
  ip?: string;
  /** A session cookie the request already carries. */
  token?: string;
}

/** A username no other test uses: 3–31 characters of a–z, 0–9, `-`. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

/** An address of its own for each client, so no test spends another's IP budget. */
export function uniqueIp(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `10.${a}.${b}.${Math.max(c, 1)}`;
}

function clientHeaders(options: ClientOptions): Record<string, string> {
  return {
    "x-forwarded-for": options.ip ?? uniqueIp(),
    ...(options.userAgent ? { "user-agent": options.userAgent } : {}),
  };
}

function signedIn(person: Person, result: HttpResult, what: string): SignedIn {
  const token = sessionTokenFrom(result, COOKIE_NAME);
  if (result.status !== 303 || !token) {
    throw new Error(`${what} failed: ${result.status} ${result.body.slice(0, 300)}`);
  }
  const [sessionId = "", secret = ""] = token.split(".");
  return { ...person, token, sessionId, secret };
}

/** Signs a new person up on landing (a 303 with the session cookie). */
export async function signUp(
  apps: TestApps,
  prefix = "user",
  options: ClientOptions = {},
): Promise<SignedIn> {
  const person = {
    username: uniqueUsername(prefix),
    password: `pw ${randomBytes(9).toString("base64url")}`,
  };
  const result = await postForm(`${apps.landing.url}/api/signup`, person, {
    headers: clientHeaders(options),
    ...(options.token ? { cookie: cookieHeader(options.token) } : {}),
  });
  return signedIn(person, result, `sign-up of ${person.username}`);
}

/** Logs an existing person in on landing: another session of theirs. */
export async function logIn(
  apps: TestApps,
  person: Person,
  options: ClientOptions = {},
): Promise<SignedIn> {
  const result = await logInAttempt(apps, person, options);
  return signedIn(person, result, `login of ${person.username}`);
}

/** A login on landing, whatever its outcome. */
export function logInAttempt(
  apps: TestApps,
  person: Person,
  options: ClientOptions = {},
): Promise<HttpResult> {
  return postForm(
    `${apps.landing.url}/api/login`,
    { username: person.username, password: person.password },
    {
      headers: clientHeaders(options),
      ...(options.token ? { cookie: cookieHeader(options.token) } : {}),
    },
  );
}

/** The session token a login's answer set, or null when it set none (it failed). */
export function sessionTokenFromLogin(result: HttpResult): string | null {
  return result.status === 303 ? sessionTokenFrom(result, COOKIE_NAME) : null;
}

/** The `Cookie` header a browser holding this session token sends. */
export function cookieHeader(token: string): string {
  return `${COOKIE_NAME}=${token}`;
}

/** A GET as a browser holding `token` (or no cookie) sends it. */
export function get(
  url: string,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return request(url, { headers, ...(token ? { cookie: cookieHeader(token) } : {}) });
}

/** Who web's `/api/me` says the token belongs to: the status and the parsed body. */
export async function me(
  apps: TestApps,
  token: string,
): Promise<{ status: number; body: unknown }> {
  const result = await get(`${apps.web.url}/api/me`, token);
  return { status: result.status, body: JSON.parse(result.body) as unknown };
}

/** The Set-Cookie lines of a response that concern the session cookie. */
export function sessionCookieLines(result: HttpResult): string[] {
  return result.setCookies.filter((line) => cookieValue(line, COOKIE_NAME) !== null);
}

/** Whether the response deletes the session cookie (empty value, `Max-Age=0`). */
export function clearsSessionCookie(result: HttpResult): boolean {
  const lines = sessionCookieLines(result);
  return (
    lines.length > 0 &&
    lines.every(
      (line) => cookieValue(line, COOKIE_NAME) === "" && cookieAttributes(line)["max-age"] === "0",
    )
  );
}

/** A page's HTML without React's text separators (`Hello, <!-- -->alice`). */
export function pageText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, "");
}

/** The stored session document, or null once it is gone. */
export async function sessionDocument(
  apps: TestApps,
  sessionId: string,
): Promise<SessionDocument | null> {
  const { Session } = await apps.database.models();
  return Session.findById(sessionId).lean<SessionDocument>().exec();
}

/** The stored SHA-256 of a session's secret, as bytes (lean reads hand back BSON Binary). */
export async function storedSecretHash(apps: TestApps, sessionId: string): Promise<Buffer> {
  const stored: unknown = (await sessionDocument(apps, sessionId))?.secretHash;
  if (stored instanceof Uint8Array) return Buffer.from(stored);
  if (typeof stored === "object" && stored !== null && "buffer" in stored) {
    const { buffer } = stored;
    if (buffer instanceof Uint8Array) return Buffer.from(buffer);
  }
  throw new TypeError(`session ${sessionId} has no binary secretHash`);
}

/** Edits a stored session's timestamps, as time passing (or a hand edit) would. */
export async function setSessionTimes(
  apps: TestApps,
  sessionId: string,
  times: Partial<Pick<SessionDocument, "createdAt" | "lastVerifiedAt" | "expiresAt">>,
): Promise<void> {
  const { Session } = await apps.database.models();
  const result = await Session.updateOne({ _id: sessionId }, { $set: times }).exec();
  if (result.matchedCount !== 1) throw new Error(`no session ${sessionId} to edit`);
}

/** How many sessions a user has in the database. */
export async function sessionCount(apps: TestApps, username: string): Promise<number> {
  const { Session } = await apps.database.models();
  return Session.countDocuments({ username }).exec();
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
