// Every response of web carries the security headers — pages, route handlers and the files
// under /_next/static alike — and over https, HSTS (HS-01).
import { startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import { request } from "@monorepo-auth/testing/http";
import { signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, startApps } from "./support/apps.ts";

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
];

/** The scripts and stylesheets a page of web loads. */
function staticPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map(
    (match) => match[1] ?? "",
  );
}

describe("HS-01: web's headers over http", () => {
  let apps: TestApps<"landing" | "web">;
  let alice: SignedIn;
  beforeAll(async () => {
    apps = await startApps();
    alice = await signUp(apps, { prefix: "headers" });
  });
  afterAll(async () => {
    await apps.stop();
  });

  it("pages, route handlers, static files and missing files all carry the security headers, no HSTS", async () => {
    const page = await get(`${apps.web.url}/`, alice.token);
    const assets = staticPaths(page.body);
    expect(assets.length).toBeGreaterThan(2);
    for (const path of [
      "/",
      "/account",
      "/api/me",
      "/api/health",
      "/favicon.svg",
      "/nowhere",
      ...assets,
    ]) {
      const result = await get(`${apps.web.url}${path}`, alice.token);
      expect(result.status, path).toBeLessThan(500);
      for (const name of SECURITY_HEADERS) {
        expect(result.headers.get(name), `${name} on ${path}`).toBeTruthy();
      }
      expect(result.headers.get("strict-transport-security"), path).toBeNull();
    }
  });
});

describe("HS-01: web's headers over https", () => {
  let test: TestDatabase;
  beforeAll(() => {
    test = createTestDatabase();
  });
  afterAll(async () => {
    await test.drop();
  });

  it("HSTS for a year, with includeSubDomains only when a cookie domain is shared", async () => {
    const settings = [
      [
        { LANDING_URL: "https://example.test", WEB_URL: "https://example.test:8443" },
        "max-age=31536000",
      ],
      [
        {
          LANDING_URL: "https://example.test",
          WEB_URL: "https://app.example.test",
          AUTH_COOKIE_DOMAIN: "example.test",
        },
        "max-age=31536000; includeSubDomains",
      ],
    ] as const;
    for (const [env, expected] of settings) {
      const web: AppServer = await startApp("web", {
        env: { ...env, MONGODB_URI: test.uri, MONGODB_DB_NAME: test.dbName },
      });
      try {
        // The not-found page needs no session and loads Next's scripts.
        const page = await request(`${web.url}/nowhere`);
        const assets = staticPaths(page.body);
        expect(assets.length).toBeGreaterThan(2);
        const paths = ["/", "/nowhere", "/api/health", "/favicon.svg", ...assets];
        for (const path of paths) {
          const result = await request(`${web.url}${path}`);
          expect(result.headers.get("strict-transport-security"), path).toBe(expected);
        }
      } finally {
        await web.stop();
      }
    }
  });
});
