// What the admin console's integration tests share: its production build and landing's on
// one fresh database, every origin listed in AUTH_APP_ORIGINS as in production, and people
// signed up through landing's real endpoint.
import { randomBytes } from "node:crypto";

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

export interface TestApps {
  admin: AppServer;
  landing: AppServer;
  test: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Starts landing and the admin console on one fresh database, each knowing the other's URL
 * and a web app on a port where nothing listens. Landing trusts one proxy hop, so every
 * sign-up can come from an `X-Forwarded-For` address of its own. `adminMongodbUri` puts the
 * admin console (only) behind another URI, such as a database proxy.
 */
export async function startApps(options: { adminMongodbUri?: string } = {}): Promise<TestApps> {
  const test = createTestDatabase();
  const [landingPort, adminPort, webPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const adminUrl = `http://127.0.0.1:${String(adminPort)}`;
  const shared = {
    MONGODB_DB_NAME: test.dbName,
    LANDING_URL: `http://127.0.0.1:${String(landingPort)}`,
    WEB_URL: `http://127.0.0.1:${String(webPort)}`,
    ADMIN_URL: adminUrl,
    AUTH_APP_ORIGINS: adminUrl,
  };
  const [landing, admin] = await Promise.all([
    startApp("landing", {
      port: landingPort,
      env: { ...shared, MONGODB_URI: test.uri, TRUST_PROXY_HOPS: "1", IP_ATTEMPT_LIMIT: "1000" },
    }),
    startApp("admin", {
      port: adminPort,
      env: { ...shared, MONGODB_URI: options.adminMongodbUri ?? test.uri },
    }),
  ]);
  return {
    admin,
    landing,
    test,
    async stop() {
      await Promise.all([landing.stop(), admin.stop()]);
      await test.drop();
    },
  };
}

export interface SignedIn {
  username: string;
  password: string;
  /** The session cookie's value, `<id>.<secret>`. */
  token: string;
}

/** A new person, signed up on landing: their session cookie came with the 303. */
export async function signUp(apps: TestApps, prefix = "admin"): Promise<SignedIn> {
  const person = {
    username: `${prefix}-${randomBytes(5).toString("hex")}`,
    password: `pw ${randomBytes(9).toString("base64url")}`,
  };
  const result = await postForm(`${apps.landing.url}/api/signup`, person, {
    headers: { "x-forwarded-for": uniqueIp() },
  });
  const token = sessionTokenFrom(result, COOKIE_NAME);
  if (result.status !== 303 || !token) {
    throw new Error(`sign-up of ${person.username} failed: ${String(result.status)}`);
  }
  return { ...person, token };
}

/** An address of its own for each client, so no test spends another's IP budget. */
function uniqueIp(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `10.${String(a)}.${String(b)}.${String(Math.max(c, 1))}`;
}

/** A GET as a browser holding `token` (or no cookie) sends it. */
export function get(url: string, token?: string | null): Promise<HttpResult> {
  return request(url, token ? { cookie: `${COOKIE_NAME}=${token}` } : {});
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

/** Where landing's login sends a signed-out visitor of `pageUrl` on the admin console. */
export function loginUrlFor(apps: TestApps, pageUrl: string): string {
  return `${apps.landing.url}/login?returnTo=${encodeURIComponent(pageUrl)}`;
}

/** A page's text without Svelte's hydration markers (`<!--[-->`). */
export function pageText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, "");
}
