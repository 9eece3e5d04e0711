import { describe, expect, it } from "vitest";

import type { ProviderSettings } from "../providers/provider-settings.ts";
import { appSecurityHeaders, HSTS_MAX_AGE_SECONDS } from "./security-headers.ts";

const LOCAL = {
  appOrigins: ["http://localhost:4321", "http://localhost:3000"],
  secureCookies: false,
  cookieDomain: undefined,
  providers: [],
};

describe("HS-01: appSecurityHeaders", () => {
  it("sends no HSTS over plain http", () => {
    expect(appSecurityHeaders(LOCAL)["Strict-Transport-Security"]).toBeUndefined();
  });

  it("sends HSTS for a year over https, for this host only without a shared cookie domain", () => {
    const headers = appSecurityHeaders({
      appOrigins: ["https://example.com", "https://example.com:8443"],
      secureCookies: true,
      cookieDomain: undefined,
      providers: [],
    });
    expect(HSTS_MAX_AGE_SECONDS).toBe(31_536_000);
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000");
  });

  it("covers the subdomains when the apps share a cookie domain", () => {
    const headers = appSecurityHeaders({
      appOrigins: ["https://example.com", "https://app.example.com"],
      secureCookies: true,
      cookieDomain: "example.com",
      providers: [],
    });
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("lets forms post to every app, and only with a nonce for inline code", () => {
    const headers = appSecurityHeaders(LOCAL, { nonce: "abc" });
    const csp = headers["Content-Security-Policy"] ?? "";
    expect(csp).toContain("form-action 'self' http://localhost:4321 http://localhost:3000");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("lets those forms be redirected to the sign-in providers turned on, and no further", () => {
    const github: ProviderSettings = {
      id: "github",
      label: "GitHub",
      clientId: "c",
      clientSecret: "s",
      issuer: null,
    };
    const oidc: ProviderSettings = {
      id: "oidc",
      label: "Company",
      clientId: "c",
      clientSecret: "s",
      issuer: "https://id.example.org/realms/main",
    };
    const headers = appSecurityHeaders({ ...LOCAL, providers: [github, oidc] });
    expect(headers["Content-Security-Policy"]).toContain(
      "form-action 'self' http://localhost:4321 http://localhost:3000 https://github.com https://id.example.org;",
    );
  });
});
