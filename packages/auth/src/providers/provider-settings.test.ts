import { describe, expect, it } from "vitest";

import { parseProviderSettings } from "./provider-settings.ts";

const parse = (env: Record<string, string>, allowInsecureHttp = false) => {
  const problems: string[] = [];
  const providers = parseProviderSettings(env, { allowInsecureHttp }, problems);
  return { providers, problems };
};

describe("the providers' settings", () => {
  it("turn on no provider by default", () => {
    expect(parse({})).toEqual({ providers: [], problems: [] });
  });

  it("turn on each provider whose client id and secret are both set, in the buttons' order", () => {
    const { providers, problems } = parse({
      OIDC_ISSUER: "https://id.example.org/realms/main",
      OIDC_CLIENT_ID: "o",
      OIDC_CLIENT_SECRET: "os",
      OIDC_NAME: "Example ID",
      GOOGLE_CLIENT_ID: "g",
      GOOGLE_CLIENT_SECRET: "gs",
      GITHUB_CLIENT_ID: "h",
      GITHUB_CLIENT_SECRET: "hs",
    });
    expect(problems).toEqual([]);
    expect(providers.map(({ id, label, issuer }) => ({ id, label, issuer }))).toEqual([
      { id: "github", label: "GitHub", issuer: null },
      { id: "google", label: "Google", issuer: "https://accounts.google.com" },
      { id: "oidc", label: "Example ID", issuer: "https://id.example.org/realms/main" },
    ]);
  });

  it("name a half-configured provider instead of ignoring it, never echoing a secret", () => {
    const { providers, problems } = parse({ GITHUB_CLIENT_SECRET: "s3cret", OIDC_CLIENT_ID: "o" });
    expect(providers).toEqual([]);
    expect(problems).toEqual([
      "GITHUB_CLIENT_ID is required when GITHUB_* is set",
      "OIDC_CLIENT_SECRET is required when OIDC_* is set",
    ]);
    expect(problems.join(" ")).not.toContain("s3cret");
  });

  it("need an https issuer unless the apps run on http themselves", () => {
    const env = { OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" };
    expect(parse({ ...env, OIDC_ISSUER: "http://id.example.org" }).problems).toEqual([
      "OIDC_ISSUER must use https",
    ]);
    expect(parse({ ...env, OIDC_ISSUER: "http://127.0.0.1:9000" }, true).problems).toEqual([]);
    expect(parse({ ...env, OIDC_ISSUER: "https://id.example.org?x=1" }).problems).toEqual([
      "OIDC_ISSUER must not have a query, fragment or credentials",
    ]);
    expect(parse({ ...env }).problems).toEqual([
      "OIDC_ISSUER is required when OIDC_CLIENT_ID is set",
    ]);
  });
});
