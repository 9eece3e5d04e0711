import { describe, expect, it } from "vitest";

import { appOrigins, LOCAL_ADMIN_URL } from "./app-origins.ts";

describe("appOrigins", () => {
  it("is the admin console's local origin when nothing is set", () => {
    expect(appOrigins({})).toBe(LOCAL_ADMIN_URL);
    expect(appOrigins({ AUTH_APP_ORIGINS: "", ADMIN_URL: "" })).toBe("http://localhost:5173");
  });

  it("follows ADMIN_URL when only that is set", () => {
    expect(appOrigins({ ADMIN_URL: "http://localhost:5174" })).toBe("http://localhost:5174");
  });

  it("keeps AUTH_APP_ORIGINS as given, whatever ADMIN_URL says", () => {
    const env = {
      AUTH_APP_ORIGINS: "https://admin.example.com,https://docs.example.com",
      ADMIN_URL: "https://admin.example.com",
    };
    expect(appOrigins(env)).toBe(env.AUTH_APP_ORIGINS);
  });
});
