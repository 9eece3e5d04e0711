import { describe, expect, it } from "vitest";

import { parseAuthSettings } from "./environment.ts";

const minimal = { MONGODB_URI: "mongodb://127.0.0.1:27017/" };

describe("parseAuthSettings", () => {
  it("fills in the local defaults", () => {
    const settings = parseAuthSettings(minimal);
    expect(settings).toMatchObject({
      landingOrigin: "http://localhost:4321",
      webOrigin: "http://localhost:3000",
      cookieDomain: undefined,
      secureCookies: false,
      mongodbDbName: "monorepo-auth",
      sessionIdleTimeoutMs: 14 * 86_400_000,
      sessionAbsoluteLifetimeMs: 30 * 86_400_000,
      trustProxyHops: 0,
      ipAttemptLimit: 30,
      ipAttemptWindowMs: 600_000,
      breachedPasswordCheck: { enabled: false, apiUrl: "https://api.pwnedpasswords.com" },
      mail: null,
    });
  });

  it("sends mail through SMTP_URL, from MAIL_FROM or no-reply at landing's host", () => {
    const settings = parseAuthSettings({
      ...minimal,
      LANDING_URL: "https://example.com",
      WEB_URL: "https://app.example.com",
      AUTH_COOKIE_DOMAIN: "example.com",
      SMTP_URL: "smtps://mailer:pw@smtp.example.net",
    });
    expect(settings.mail?.smtpUrl.host).toBe("smtp.example.net");
    expect(settings.mail?.from).toBe("no-reply@example.com");
  });

  it("refuses to start on a malformed SMTP_URL or MAIL_FROM, naming it and never the password", () => {
    const start = (env: Record<string, string>) => () => parseAuthSettings({ ...minimal, ...env });
    expect(start({ SMTP_URL: "https://u:hunter22@smtp.example.net" })).toThrow(
      /^SMTP_URL must start with smtp:\/\/ or smtps:\/\/, not https:\/\/$/,
    );
    expect(start({ SMTP_URL: "smtp://smtp.example.net", MAIL_FROM: "nobody" })).toThrow(
      /^MAIL_FROM must be an address/,
    );
    expect(start({ MAIL_FROM: "a@example.com" })).toThrow("MAIL_FROM is set but SMTP_URL is not");
  });

  it("treats empty strings as unset, as a copied .env.example has them", () => {
    expect(
      parseAuthSettings({ ...minimal, AUTH_COOKIE_DOMAIN: "", MONGODB_DB_NAME: "" }),
    ).toMatchObject({ cookieDomain: undefined, mongodbDbName: "monorepo-auth" });
  });

  it("takes the database name from MONGODB_DB_NAME, else from the URI", () => {
    expect(parseAuthSettings({ MONGODB_URI: "mongodb://h:1/app?x=1" }).mongodbDbName).toBe("app");
    expect(
      parseAuthSettings({ MONGODB_URI: "mongodb://h:1/app", MONGODB_DB_NAME: "other" })
        .mongodbDbName,
    ).toBe("other");
  });

  it("accepts a production setup on two subdomains over https", () => {
    const settings = parseAuthSettings({
      ...minimal,
      LANDING_URL: "https://example.com",
      WEB_URL: "https://app.example.com",
      AUTH_COOKIE_DOMAIN: "example.com",
      TRUST_PROXY_HOPS: "1",
    });
    expect(settings).toMatchObject({
      landingOrigin: "https://example.com",
      webOrigin: "https://app.example.com",
      cookieDomain: "example.com",
      secureCookies: true,
      trustProxyHops: 1,
    });
  });

  it("takes more apps from AUTH_APP_ORIGINS, comma- or space-separated, once each", () => {
    const settings = parseAuthSettings({
      ...minimal,
      AUTH_APP_ORIGINS: "http://localhost:5173, http://localhost:5174 http://localhost:5173",
    });
    expect(settings.appOrigins).toEqual([
      "http://localhost:4321",
      "http://localhost:3000",
      "http://localhost:5173",
      "http://localhost:5174",
    ]);
    expect(parseAuthSettings(minimal).appOrigins).toEqual([
      "http://localhost:4321",
      "http://localhost:3000",
    ]);
  });

  it("checks the cookie domain against every app's host", () => {
    const production = {
      ...minimal,
      LANDING_URL: "https://example.com",
      WEB_URL: "https://app.example.com",
      AUTH_COOKIE_DOMAIN: "example.com",
    };
    expect(
      parseAuthSettings({ ...production, AUTH_APP_ORIGINS: "https://admin.example.com" })
        .appOrigins,
    ).toContain("https://admin.example.com");
    expect(() =>
      parseAuthSettings({ ...production, AUTH_APP_ORIGINS: "https://admin.example.net" }),
    ).toThrow(/AUTH_COOKIE_DOMAIN does not cover admin\.example\.net/);
    expect(() =>
      parseAuthSettings({ ...production, AUTH_APP_ORIGINS: "http://admin.example.com" }),
    ).toThrow(/uses http on a public host/);
    expect(() =>
      parseAuthSettings({ ...minimal, AUTH_APP_ORIGINS: "http://admin.localhost:5173" }),
    ).toThrow(/AUTH_COOKIE_DOMAIN is required .*admin\.localhost/);
  });

  it.each([
    [{ AUTH_APP_ORIGINS: "http://localhost:5173/admin" }, /AUTH_APP_ORIGINS entry .* origin only/],
    [{ AUTH_APP_ORIGINS: "localhost:5173" }, /AUTH_APP_ORIGINS entry/],
    [{ MONGODB_URI: undefined }, /MONGODB_URI is required/],
    [{ MONGODB_URI: "postgres://u:p@h/db" }, /MONGODB_URI must be a mongodb/],
    [{ WEB_URL: "ftp://example.com" }, /WEB_URL must use https/],
    [{ WEB_URL: "http://localhost:3000/app" }, /WEB_URL must be an origin only/],
    [{ WEB_URL: "not a url" }, /WEB_URL must be an absolute URL/],
    [
      { LANDING_URL: "http://example.com", WEB_URL: "http://app.example.com" },
      /LANDING_URL uses http on a public host/,
    ],
    [
      { LANDING_URL: "https://example.com", WEB_URL: "http://localhost:3000" },
      /must all use https, or all http/,
    ],
    [
      { LANDING_URL: "https://example.com", WEB_URL: "https://app.example.com" },
      /AUTH_COOKIE_DOMAIN is required/,
    ],
    [
      {
        LANDING_URL: "https://a.vercel.app",
        WEB_URL: "https://b.vercel.app",
        AUTH_COOKIE_DOMAIN: "vercel.app",
      },
      /AUTH_COOKIE_DOMAIN is a public suffix/,
    ],
    [
      {
        LANDING_URL: "https://example.com",
        WEB_URL: "https://app.example.org",
        AUTH_COOKIE_DOMAIN: "example.com",
      },
      /AUTH_COOKIE_DOMAIN does not cover app.example.org/,
    ],
    [{ SESSION_IDLE_TIMEOUT_DAYS: "0" }, /SESSION_IDLE_TIMEOUT_DAYS/],
    [{ SESSION_IDLE_TIMEOUT_DAYS: "40" }, /must not be shorter/],
    [{ TRUST_PROXY_HOPS: "-1" }, /TRUST_PROXY_HOPS/],
    [{ BREACHED_PASSWORD_CHECK: "maybe" }, /BREACHED_PASSWORD_CHECK/],
  ])("refuses %j, naming the variable", (overrides, message) => {
    expect(() => parseAuthSettings({ ...minimal, ...overrides })).toThrow(message);
  });

  it("never repeats the value of a bad MONGODB_URI, which may hold a password", () => {
    expect(() => parseAuthSettings({ MONGODB_URI: "postgres://u:hunter2@h/db" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") as unknown }),
    );
  });

  it("allows http on test host names, as the subdomain journey uses", () => {
    expect(
      parseAuthSettings({
        ...minimal,
        LANDING_URL: "http://example.test:4321",
        WEB_URL: "http://app.example.test:3000",
        AUTH_COOKIE_DOMAIN: "example.test",
      }).cookieDomain,
    ).toBe("example.test");
  });
});
