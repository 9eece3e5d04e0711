// What landing's integration tests share: the production build on a fresh database of the
// file's own, people signed up and logged in through the real endpoints, and requests as a
// browser on landing sends them. (Reading cookies: cookies.ts; reading the database: stored.ts.)
import { randomBytes } from "node:crypto";

import { createDatabase, type Database } from "@monorepo-auth/db/database";
import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import {
  request,
  sessionTokenFrom,
  type HttpResult,
  type RequestOptions,
} from "@monorepo-auth/testing/http";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";

export const COOKIE_NAME = "session";
/** Not common, no username in it, 8–256 code points: accepted at sign-up. */
export const PASSWORD = "correct horse battery 7";

export interface Landing {
  app: AppServer;
  /** Where landing listens, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Landing's own origin as it knows it (LANDING_URL): `url` unless the env says otherwise. */
  origin: string;
  /** The web app's origin as landing knows it (nothing listens there). */
  webUrl: string;
  test: TestDatabase;
  /** The test's own connection to the app's database (never through a proxy). */
  database: Database;
  stop(): Promise<void>;
}

export interface StartLandingOptions {
  /** Extra settings (IP_ATTEMPT_LIMIT…); WEB_URL, MONGODB_* and TRUST_PROXY_HOPS have defaults. */
  env?: Record<string, string>;
  /** Where the app finds the database (a proxy's URI, say); the test database by default. */
  mongodbUri?: string;
  /** Landing believes one proxy hop (`X-Forwarded-For`) unless this is false. */
  trustProxy?: boolean;
  port?: number;
}

/**
 * Starts landing's production build on a fresh database. It trusts one proxy hop, so each
 * request can come from an `X-Forwarded-For` address of its own, and knows a web app on
 * another port of 127.0.0.1 where nothing listens (redirects to it are never followed).
 */
export async function startLanding(options: StartLandingOptions = {}): Promise<Landing> {
  const test = createTestDatabase();
  const webUrl = options.env?.WEB_URL ?? `http://127.0.0.1:${await freePort()}`;
  const app = await startApp("landing", {
    ...(options.port === undefined ? {} : { port: options.port }),
    env: {
      MONGODB_URI: options.mongodbUri ?? test.uri,
      MONGODB_DB_NAME: test.dbName,
      WEB_URL: webUrl,
      ...(options.trustProxy === false ? {} : { TRUST_PROXY_HOPS: "1" }),
      ...options.env,
    },
  });
  const database = createDatabase({ uri: test.uri, dbName: test.dbName });
  return {
    app,
    url: app.url,
    origin: options.env?.LANDING_URL ?? app.url,
    webUrl,
    test,
    database,
    async stop() {
      await app.stop();
      await database.close();
      await test.drop();
    },
  };
}

let clients = 0;

/** A username no other test of the file uses: 3–31 characters of a–z, 0–9, `-`. */
export function uniqueUsername(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** An address of its own for each client, so no test spends another's IP budget. */
export function uniqueIp(): string {
  clients++;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

export interface ClientOptions {
  /** The client's address as the trusted proxy reports it; a fresh one by default. */
  ip?: string;
  /** The session token the browser holds. */
  token?: string;
  /** A whole `Cookie` header, for cookies that are not a token. */
  cookie?: string;
  /** Extra or overriding headers (Origin, Sec-Fetch-Site, Accept…). */
  headers?: Record<string, string>;
}

function requestOptions(options: ClientOptions): RequestOptions {
  const cookie = options.cookie ?? (options.token ? cookieHeader(options.token) : undefined);
  return {
    headers: { "x-forwarded-for": options.ip ?? uniqueIp(), ...options.headers },
    ...(cookie === undefined ? {} : { cookie }),
  };
}

/** The `Cookie` header of a browser holding this session token. */
export function cookieHeader(token: string): string {
  return `${COOKIE_NAME}=${token}`;
}

/** A GET on landing as a browser sends it (path relative to landing's origin). */
export function get(
  landing: Landing,
  path: string,
  options: ClientOptions = {},
): Promise<HttpResult> {
  return request(`${landing.url}${path}`, requestOptions(options));
}

/**
 * A POST on landing as a form on landing itself sends it: `Origin` landing's and
 * `Sec-Fetch-Site: same-origin`, url-encoded unless the body says otherwise (a string is
 * sent as is, with the url-encoded content type unless `headers` give another).
 */
export function post(
  landing: Landing,
  path: string,
  body: Record<string, string> | string | FormData | Uint8Array<ArrayBuffer> | null,
  options: ClientOptions & { method?: string } = {},
): Promise<HttpResult> {
  const base = requestOptions(options);
  const formType: Record<string, string> =
    body instanceof FormData ? {} : { "content-type": "application/x-www-form-urlencoded" };
  const encoded =
    body === null ||
    typeof body === "string" ||
    body instanceof FormData ||
    body instanceof Uint8Array
      ? body
      : new URLSearchParams(body).toString();
  return request(`${landing.url}${path}`, {
    ...base,
    method: options.method ?? "POST",
    ...(encoded === null ? {} : { body: encoded }),
    headers: {
      ...formType,
      origin: landing.origin,
      "sec-fetch-site": "same-origin",
      ...base.headers,
    },
  });
}

export interface Person {
  username: string;
  password: string;
}

export interface SignedIn extends Person {
  /** The whole cookie value, `<id>.<secret>`. */
  token: string;
  /** The public half: the session document's `_id`. */
  sessionId: string;
  /** The secret half. */
  secret: string;
  result: HttpResult;
}

/** Splits a token into the session id and the secret. */
export function tokenParts(token: string): { sessionId: string; secret: string } {
  const [sessionId = "", secret = ""] = token.split(".");
  return { sessionId, secret };
}

function signedIn(person: Person, result: HttpResult, what: string): SignedIn {
  const token = sessionTokenFrom(result, COOKIE_NAME);
  if (result.status !== 303 || !token) {
    throw new Error(`${what} failed: ${result.status} ${result.body.slice(0, 300)}`);
  }
  return { ...person, token, ...tokenParts(token), result };
}

/** Signs a new person up (a 303 with the session cookie), or throws. */
export async function signUp(
  landing: Landing,
  person: Partial<Person> = {},
  options: ClientOptions = {},
): Promise<SignedIn> {
  const full = { username: uniqueUsername(), password: PASSWORD, ...person };
  const result = await post(landing, "/api/signup", { ...full }, options);
  return signedIn(full, result, `sign-up of ${full.username}`);
}

/** Logs an existing person in (another session of theirs), or throws. */
export async function logIn(
  landing: Landing,
  person: Person,
  options: ClientOptions = {},
): Promise<SignedIn> {
  const result = await logInAttempt(landing, person, options);
  return signedIn(person, result, `login of ${person.username}`);
}

/** A login, whatever its outcome. */
export function logInAttempt(
  landing: Landing,
  person: Person,
  options: ClientOptions = {},
): Promise<HttpResult> {
  return post(
    landing,
    "/api/login",
    { username: person.username, password: person.password },
    options,
  );
}

/** Whether the token is a live session: a page for signed-out visitors redirects it away. */
export async function isSignedIn(landing: Landing, token: string): Promise<boolean> {
  const result = await get(landing, "/login", { token });
  if (result.status === 303 && result.location === `${landing.webUrl}/`) return true;
  if (result.status === 200) return false;
  throw new Error(`GET /login answered ${result.status}`);
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
