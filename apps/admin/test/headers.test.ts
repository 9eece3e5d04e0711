// The headers every answer of the admin console carries — pages, redirects, refusals and
// the static files the node adapter serves — and the pages' promise of no client-side
// JavaScript, which lets the CSP allow scripts from 'self' only, without a nonce.
import { request, type HttpResult } from "@monorepo-auth/testing/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, signUpAdmin, startApps, type SignedIn, type TestApps } from "./support/apps.ts";

let apps: TestApps;
let alice: SignedIn;
let home: HttpResult;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUpAdmin(apps, "headers");
  home = await get(`${apps.admin.url}/`, alice.token);
  expect(home.status).toBe(200);
});
afterAll(async () => {
  await apps.stop();
});

function directives(result: HttpResult): Map<string, string[]> {
  const csp = result.headers.get("content-security-policy") ?? "";
  return new Map(
    csp
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );
}

function expectSecurityHeaders(result: HttpResult, what: string): void {
  const csp = directives(result);
  expect(csp.get("script-src"), what).toEqual(["'self'"]);
  expect(csp.get("style-src"), what).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(csp.get("object-src"), what).toEqual(["'none'"]);
  expect(csp.get("base-uri"), what).toEqual(["'none'"]);
  expect(csp.get("form-action"), what).toEqual(
    expect.arrayContaining(["'self'", apps.landing.url, apps.admin.url]),
  );
  expect(result.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(result.headers.get("x-frame-options"), what).toBe("DENY");
  expect(result.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(result.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
}

/** The stylesheets a page links. */
function stylesheets(html: string): string[] {
  return [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
    (match) => match[1] ?? "",
  );
}

describe("security headers", () => {
  it("on pages, redirects, refusals and not-found pages, none of them cached", async () => {
    const answers: [string, HttpResult][] = [
      ["the home page", home],
      ["a redirect to login", await get(`${apps.admin.url}/`)],
      [
        "a refused origin",
        await request(`${apps.admin.url}/`, {
          method: "POST",
          headers: { origin: "https://evil.example" },
        }),
      ],
      ["a not-found page", await get(`${apps.admin.url}/nothing-here`, alice.token)],
      ["health", await get(`${apps.admin.url}/api/health`)],
    ];
    for (const [what, result] of answers) {
      expectSecurityHeaders(result, what);
      expect(result.headers.get("cache-control"), what).toBe("no-store");
    }
  });

  it("on the static files the node adapter serves: stylesheets and the icon", async () => {
    const files = [...stylesheets(home.body), "/favicon.svg"];
    expect(files.filter((file) => file.startsWith("/_app/immutable/"))).toHaveLength(3);
    for (const file of files) {
      const result = await request(`${apps.admin.url}${file}`);
      expect(result.status, file).toBe(200);
      expectSecurityHeaders(result, file);
    }
  });
});

describe("no client-side JavaScript", () => {
  it("pages carry no script and no inline style, and link only files of their own", async () => {
    for (const page of [home, await get(`${apps.admin.url}/nothing-here`, alice.token)]) {
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).not.toMatch(/<style|\sstyle=/i);
      expect(page.body).not.toMatch(/<link[^>]+rel="modulepreload"/);
      for (const href of stylesheets(page.body)) expect(href).toMatch(/^\/_app\/immutable\//);
    }
  });
});
