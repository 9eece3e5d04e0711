import { describe, expect, it } from "vitest";

import { isAllowedRequestOrigin } from "./request-origin.ts";

const ALLOWED = ["http://127.0.0.1:4321", "http://127.0.0.1:3000"] as const;
const ORIGIN = "http://127.0.0.1:4321";

function request(method: string, headers: Record<string, string> = {}) {
  return { method, headers: new Headers(headers) };
}

function allowed(method: string, headers: Record<string, string> = {}): boolean {
  return isAllowedRequestOrigin(request(method, headers), ALLOWED);
}

describe("isAllowedRequestOrigin", () => {
  describe("safe methods", () => {
    it.each(["GET", "HEAD", "OPTIONS", "get", "head", "options", "Get"])(
      "always allows %s, even with a foreign origin and cross-site fetch",
      (method) => {
        expect(allowed(method)).toBe(true);
        expect(
          allowed(method, { origin: "https://evil.com", "sec-fetch-site": "cross-site" }),
        ).toBe(true);
        expect(allowed(method, { origin: "null" })).toBe(true);
      },
    );
  });

  describe.each(["POST", "PUT", "DELETE", "PATCH", "post", "delete"])("%s", (method) => {
    it.each(ALLOWED)("allows the exact allowed origin %s", (origin) => {
      expect(allowed(method, { origin })).toBe(true);
    });

    it.each([
      ["Origin: null", "null"],
      ["a foreign origin", "https://evil.com"],
      ["a sibling port", "http://127.0.0.1:5555"],
      ["an allowed origin as a subdomain prefix", "http://127.0.0.1:4321.evil.com"],
      ["another scheme", "https://127.0.0.1:4321"],
      ["a trailing slash", "http://127.0.0.1:4321/"],
      ["a path", "http://127.0.0.1:4321/account"],
      ["upper-case letters", "HTTP://127.0.0.1:4321"],
      ["an equivalent host spelling", "http://localhost:4321"],
      ["the origin without its port", "http://127.0.0.1"],
      ["an empty Origin", ""],
    ])("refuses %s", (_label, origin) => {
      expect(allowed(method, { origin })).toBe(false);
      expect(allowed(method, { origin, "sec-fetch-site": "same-origin" })).toBe(false);
    });

    it("refuses two Origin headers, even if both are allowed", () => {
      const headers = new Headers();
      headers.append("origin", ORIGIN);
      headers.append("origin", ORIGIN);
      expect(isAllowedRequestOrigin({ method, headers }, ALLOWED)).toBe(false);
    });

    it("allows a request without Origin only when Sec-Fetch-Site is same-origin", () => {
      expect(allowed(method, { "sec-fetch-site": "same-origin" })).toBe(true);
    });

    it.each([
      ["same-site", { "sec-fetch-site": "same-site" }],
      ["cross-site", { "sec-fetch-site": "cross-site" }],
      ["none", { "sec-fetch-site": "none" }],
      ["upper-case SAME-ORIGIN", { "sec-fetch-site": "SAME-ORIGIN" }],
      ["no Sec-Fetch-Site at all", {}],
    ])("refuses a request without Origin and with %s", (_label, headers) => {
      expect(allowed(method, headers)).toBe(false);
    });

    it("refuses a matching Origin whose Sec-Fetch-Site says cross-site (CS-04)", () => {
      expect(allowed(method, { origin: ORIGIN, "sec-fetch-site": "cross-site" })).toBe(false);
    });

    it.each(["none", "bogus", ""])(
      "refuses a matching Origin with Sec-Fetch-Site %j",
      (fetchSite) => {
        expect(allowed(method, { origin: ORIGIN, "sec-fetch-site": fetchSite })).toBe(false);
      },
    );

    it.each(["same-origin", "same-site"])(
      "allows a matching Origin with Sec-Fetch-Site %s",
      (fetchSite) => {
        expect(allowed(method, { origin: ORIGIN, "sec-fetch-site": fetchSite })).toBe(true);
      },
    );
  });

  describe("never looks at the content type", () => {
    it.each([
      "text/plain",
      "application/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ])("refuses a foreign origin sending %s", (contentType) => {
      expect(allowed("POST", { origin: "https://evil.com", "content-type": contentType })).toBe(
        false,
      );
    });

    it.each(["text/plain", "application/json"])(
      "allows the allowed origin sending %s",
      (contentType) => {
        expect(allowed("POST", { origin: ORIGIN, "content-type": contentType })).toBe(true);
      },
    );
  });

  it("refuses everything when no origin is allowed", () => {
    expect(isAllowedRequestOrigin(request("POST", { origin: ORIGIN }), [])).toBe(false);
  });
});
