// The admin console starts only as one of the apps: its own origin (ADMIN_URL) must be among
// the app origins every app reads (AUTH_APP_ORIGINS), or no other app would accept its forms
// or send anyone back to it after signing in.
import { runAppToExit } from "@monorepo-auth/testing/app-server";
import { describe, expect, it } from "vitest";

const base = {
  MONGODB_URI: "mongodb://127.0.0.1:1/",
  LANDING_URL: "http://127.0.0.1:4321",
  WEB_URL: "http://127.0.0.1:3000",
};

describe("admin: refusing to start", () => {
  it("when ADMIN_URL is not among the app origins, naming both variables", async () => {
    const { code, output } = await runAppToExit("admin", {
      ...base,
      ADMIN_URL: "http://127.0.0.1:5173",
      AUTH_APP_ORIGINS: "http://127.0.0.1:5174",
    });
    expect(code).not.toBe(0);
    expect(output).toContain("ADMIN_URL");
    expect(output).toContain("AUTH_APP_ORIGINS");
    expect(output).not.toMatch(/listening/);
  });

  it("when AUTH_APP_ORIGINS is unset, even with ADMIN_URL at its default", async () => {
    const { code, output } = await runAppToExit("admin", base);
    expect(code).not.toBe(0);
    expect(output).toMatch(/ADMIN_URL \(http:\/\/localhost:5173\) must be one of the app origins/);
  });

  it("when ADMIN_URL is not a bare origin", async () => {
    const { code, output } = await runAppToExit("admin", {
      ...base,
      ADMIN_URL: "http://127.0.0.1:5173/admin",
      AUTH_APP_ORIGINS: "http://127.0.0.1:5173",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/ADMIN_URL must be an origin only/);
  });

  it("when the node adapter is told to take the client's address from a header", async () => {
    const { code, output } = await runAppToExit("admin", {
      ...base,
      ADMIN_URL: "http://127.0.0.1:5173",
      AUTH_APP_ORIGINS: "http://127.0.0.1:5173",
      ADDRESS_HEADER: "x-forwarded-for",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/ADDRESS_HEADER is not used: set TRUST_PROXY_HOPS/);
  });
});
