// Every response of landing carries the security headers — pages, endpoints and static files
// alike — and over https, HSTS (HS-01).
import { request } from "@monorepo-auth/testing/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, startLanding, type Landing } from "./support/landing.ts";

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
];

/** The paths of the stylesheets the login page links to (files in dist/client/_astro). */
async function assetPaths(landing: Landing): Promise<string[]> {
  const page = await get(landing, "/login");
  return [...page.body.matchAll(/href="(\/_astro\/[^"]+)"/g)].map((match) => match[1] ?? "");
}

describe("HS-01: landing's headers over http", () => {
  let landing: Landing;
  beforeAll(async () => {
    landing = await startLanding();
  });
  afterAll(async () => {
    await landing.stop();
  });

  it("pages, endpoints, static files and missing files all carry the security headers, no HSTS", async () => {
    const assets = await assetPaths(landing);
    expect(assets.length).toBeGreaterThan(0);
    for (const path of ["/", "/login", "/api/health", "/favicon.svg", "/nowhere", ...assets]) {
      const result = await get(landing, path);
      for (const name of SECURITY_HEADERS)
        expect(result.headers.get(name), `${name} on ${path}`).toBeTruthy();
      expect(result.headers.get("strict-transport-security"), path).toBeNull();
    }
  });
});

describe("HS-01: landing's headers over https", () => {
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
      const landing = await startLanding({ env: { ...env } });
      try {
        for (const path of ["/login", "/favicon.svg", ...(await assetPaths(landing))]) {
          const result = await request(`${landing.url}${path}`);
          expect(result.headers.get("strict-transport-security"), path).toBe(expected);
        }
      } finally {
        await landing.stop();
      }
    }
  });
});
