import { describe, expect, it } from "vitest";

import { checkCookieDomain } from "./cookie-domain.ts";

describe("checkCookieDomain", () => {
  it.each([
    ["example.com", ["example.com", "app.example.com"]],
    ["example.co.uk", ["www.example.co.uk", "app.example.co.uk"]],
    ["my-app.vercel.app", ["my-app.vercel.app", "api.my-app.vercel.app"]],
  ])("accepts %s for %j", (domain, hosts) => {
    expect(checkCookieDomain(domain, hosts)).toBeNull();
  });

  it.each([
    ["com", /lower-case host name/],
    ["co.uk", /public suffix/],
    ["vercel.app", /public suffix/],
    ["fly.dev", /public suffix/],
    ["github.io", /public suffix/],
    [".example.com", /lower-case host name/],
    ["Example.com", /lower-case host name/],
    ["example.com:443", /lower-case host name/],
  ])("refuses %s", (domain, message) => {
    expect(checkCookieDomain(domain, [`a.${domain}`, `b.${domain}`])).toMatch(message);
  });

  it("refuses a domain that does not cover both hosts", () => {
    expect(checkCookieDomain("example.com", ["example.com", "app.example.net"])).toMatch(
      /does not cover app.example.net/,
    );
    // A suffix match on the raw string is not enough: evilexample.com is not under example.com.
    expect(checkCookieDomain("example.com", ["example.com", "evilexample.com"])).toMatch(
      /does not cover evilexample.com/,
    );
  });
});
