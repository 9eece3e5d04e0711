import { describe, expect, it } from "vitest";

import {
  readSessionCookies,
  serializeSessionCookie,
  serializeSessionCookieDeletion,
  sessionCookieName,
  type SessionCookieSettings,
} from "./session-cookie.ts";

const HTTP: SessionCookieSettings = { secure: false, domain: undefined };
const HTTPS: SessionCookieSettings = { secure: true, domain: undefined };
const HTTPS_SHARED: SessionCookieSettings = { secure: true, domain: "example.com" };
const HTTP_SHARED: SessionCookieSettings = { secure: false, domain: "example.com" };

const TOKEN = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
const NOW = new Date("2025-01-01T00:00:00.000Z");

function later(milliseconds: number): Date {
  return new Date(NOW.getTime() + milliseconds);
}

/** Splits a Set-Cookie value into its name=value pair and its attributes. */
function parseSetCookie(header: string): { pair: string; attributes: string[] } {
  const [pair = "", ...attributes] = header.split("; ");
  return { pair, attributes };
}

function attributesWithoutMaxAge(header: string): string[] {
  return parseSetCookie(header)
    .attributes.filter((attribute) => !attribute.startsWith("Max-Age="))
    .sort();
}

describe("sessionCookieName", () => {
  it("is session over http and __Secure-session over https", () => {
    expect(sessionCookieName(HTTP)).toBe("session");
    expect(sessionCookieName(HTTP_SHARED)).toBe("session");
    expect(sessionCookieName(HTTPS)).toBe("__Secure-session");
    expect(sessionCookieName(HTTPS_SHARED)).toBe("__Secure-session");
  });
});

describe("serializeSessionCookie", () => {
  it.each([
    ["http", HTTP, "session", ["HttpOnly", "Max-Age=3600", "Path=/", "SameSite=Lax"]],
    [
      "https",
      HTTPS,
      "__Secure-session",
      ["HttpOnly", "Max-Age=3600", "Path=/", "SameSite=Lax", "Secure"],
    ],
    [
      "http with a domain",
      HTTP_SHARED,
      "session",
      ["Domain=example.com", "HttpOnly", "Max-Age=3600", "Path=/", "SameSite=Lax"],
    ],
    [
      "https with a domain",
      HTTPS_SHARED,
      "__Secure-session",
      ["Domain=example.com", "HttpOnly", "Max-Age=3600", "Path=/", "SameSite=Lax", "Secure"],
    ],
  ])("over %s sets exactly the expected attributes", (_label, settings, name, attributes) => {
    const { pair, attributes: actual } = parseSetCookie(
      serializeSessionCookie(TOKEN, later(3_600_000), NOW, settings),
    );
    expect(pair).toBe(`${name}=${TOKEN}`);
    expect(actual.sort()).toEqual(attributes);
  });

  it("never sets Expires, Partitioned or SameSite=None", () => {
    const header = serializeSessionCookie(TOKEN, later(3_600_000), NOW, HTTPS_SHARED);
    expect(header).not.toMatch(/Expires|Partitioned|SameSite=None|SameSite=Strict/i);
  });

  it("leaves Domain out when the domain is empty", () => {
    const header = serializeSessionCookie(TOKEN, later(1_000), NOW, { secure: true, domain: "" });
    expect(header).not.toContain("Domain");
  });

  it.each([
    [0, 0],
    [999, 0],
    [1_000, 1],
    [1_999, 1],
    [59_999, 59],
    [30 * 24 * 3_600_000 + 500, 30 * 24 * 3_600],
  ])(
    "after %i ms remaining sets Max-Age=%i (whole seconds, rounded down)",
    (remaining, seconds) => {
      const header = serializeSessionCookie(TOKEN, later(remaining), NOW, HTTP);
      expect(parseSetCookie(header).attributes).toContain(`Max-Age=${seconds}`);
    },
  );

  it.each([-1, -1_000, -86_400_000])(
    "never sets a negative Max-Age (%i ms remaining)",
    (remaining) => {
      const header = serializeSessionCookie(TOKEN, later(remaining), NOW, HTTP);
      expect(parseSetCookie(header).attributes).toContain("Max-Age=0");
      expect(header).not.toMatch(/Max-Age=-/);
    },
  );
});

describe("serializeSessionCookieDeletion", () => {
  it.each([
    ["http", HTTP],
    ["https", HTTPS],
    ["http with a domain", HTTP_SHARED],
    ["https with a domain", HTTPS_SHARED],
  ])(
    "over %s empties the cookie with Max-Age=0 and the very attributes it was set with",
    (_label, settings) => {
      const set = serializeSessionCookie(TOKEN, later(3_600_000), NOW, settings);
      const deletion = serializeSessionCookieDeletion(settings);
      const { pair, attributes } = parseSetCookie(deletion);
      expect(pair).toBe(`${sessionCookieName(settings)}=`);
      expect(attributes).toContain("Max-Age=0");
      expect(attributes.filter((attribute) => attribute.startsWith("Max-Age="))).toHaveLength(1);
      expect(attributesWithoutMaxAge(deletion)).toEqual(attributesWithoutMaxAge(set));
    },
  );
});

describe("readSessionCookies", () => {
  it("finds the session cookie among others", () => {
    expect(readSessionCookies(`theme=dark; session=${TOKEN}; lang=en`, HTTP)).toEqual([TOKEN]);
    expect(readSessionCookies(`session=${TOKEN}`, HTTP)).toEqual([TOKEN]);
    expect(readSessionCookies(`a=1;session=${TOKEN};b=2`, HTTP)).toEqual([TOKEN]);
  });

  it("trims the spaces around name and value", () => {
    expect(readSessionCookies(`theme=dark;   session =  ${TOKEN}  ; lang=en`, HTTP)).toEqual([
      TOKEN,
    ]);
  });

  it("returns values as sent: never URL-decoded or unquoted", () => {
    expect(readSessionCookies("session=a=b", HTTP)).toEqual(["a=b"]);
    expect(readSessionCookies("session=", HTTP)).toEqual([""]);
    const encoded = TOKEN.replace(".", "%2E");
    expect(readSessionCookies(`session=${encoded}`, HTTP)).toEqual([encoded]);
    expect(readSessionCookies(`session="${TOKEN}"`, HTTP)).toEqual([`"${TOKEN}"`]);
  });

  it("returns every value of a name sent several times, in order (SF-07)", () => {
    expect(readSessionCookies(`session=junk; session=${TOKEN}`, HTTP)).toEqual(["junk", TOKEN]);
    expect(readSessionCookies(`session=${TOKEN}; theme=x; session=${TOKEN}`, HTTP)).toEqual([
      TOKEN,
      TOKEN,
    ]);
    // Repeated Cookie headers joined by a comma (as fetch's Headers joins them).
    expect(readSessionCookies(`session=junk, session=${TOKEN}`, HTTP)).toEqual(["junk", TOKEN]);
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["other cookies only", "theme=dark; lang=en"],
    ["a name with a prefix", `xsession=${TOKEN}`],
    ["a name with a suffix", `session_other=${TOKEN}`],
    ["a name differing in case", `Session=${TOKEN}`],
    ["the name without a value", "session"],
    ["the name as a value", `theme=session; other=${TOKEN}`],
  ])("finds nothing in %s", (_label, header) => {
    expect(readSessionCookies(header, HTTP)).toEqual([]);
  });

  it("over https reads only __Secure-session", () => {
    expect(readSessionCookies(`session=planted; __Secure-session=${TOKEN}`, HTTPS)).toEqual([
      TOKEN,
    ]);
    expect(readSessionCookies(`__Secure-session=${TOKEN}; session=planted`, HTTPS)).toEqual([
      TOKEN,
    ]);
    expect(readSessionCookies(`session=${TOKEN}`, HTTPS)).toEqual([]);
    expect(readSessionCookies(`__secure-session=${TOKEN}`, HTTPS)).toEqual([]);
  });

  it("over http does not read __Secure-session", () => {
    expect(readSessionCookies(`__Secure-session=${TOKEN}`, HTTP)).toEqual([]);
  });

  it("reads back the cookie it set", () => {
    for (const settings of [HTTP, HTTPS, HTTPS_SHARED]) {
      const { pair } = parseSetCookie(serializeSessionCookie(TOKEN, later(60_000), NOW, settings));
      expect(readSessionCookies(`other=1; ${pair}`, settings)).toEqual([TOKEN]);
    }
  });
});
