// Two landing instances on one database, as behind a load balancer: sessions, sign-outs
// and throttling budgets are the database's, so they hold across instances.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm } from "@monorepo-auth/testing/http";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { landingAccepts, webAccepts } from "@monorepo-auth/testing/token-accepted";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("scale-out: two landing instances and a web app on one database", () => {
  let apps: TestApps<"landing" | "web">;
  let first: AppServer;
  let second: AppServer;
  let web: AppServer;
  let publicOrigin: string;

  beforeAll(async () => {
    apps = await startTestApps(["landing", "web"], {
      env: { TRUST_PROXY_HOPS: "1", IP_ATTEMPT_LIMIT: "6" },
    });
    ({ landing: first, web } = apps);
    second = await apps.startInstance("landing");
    // Both instances serve the one public origin; a browser's Origin header names it.
    publicOrigin = apps.origins.landing;
  });
  afterAll(async () => {
    await apps.stop();
  });

  const login = (instance: AppServer, username: string, password: string, ip: string) =>
    postForm(
      `${instance.url}/api/login`,
      { username, password },
      { headers: { origin: publicOrigin, "x-forwarded-for": ip } },
    );

  it("a session created on one instance is valid on the other and on web; sign-out on one ends it everywhere", async () => {
    const { token } = await signUp(apps, { username: "roamer" }, { ip: "198.51.100.1" });
    expect(await landingAccepts(second.url, token)).toBe(true);
    expect(await webAccepts(web.url, token)).toBe(true);

    const out = await postForm(
      `${second.url}/api/logout`,
      {},
      { cookie: `session=${token}`, headers: { origin: publicOrigin } },
    );
    expect(out.status).toBe(303);
    expect(await landingAccepts(first.url, token)).toBe(false);
    expect(await webAccepts(web.url, token)).toBe(false);
  });

  it("the per-account lock counts failures on both instances", async () => {
    await signUp(apps, { username: "guarded" }, { ip: "198.51.100.2" });
    // Each failure from its own address, so only the account's budget is in play.
    for (let index = 0; index < 10; index++) {
      const instance = index % 2 === 0 ? first : second;
      const result = await login(
        instance,
        "guarded",
        `wrong-${String(index)}`,
        `198.51.100.${String(10 + index)}`,
      );
      expect(result.status).toBe(400);
    }
    expect((await login(first, "guarded", PASSWORD, "198.51.100.30")).status).toBe(429);
    expect((await login(second, "guarded", PASSWORD, "198.51.100.31")).status).toBe(429);
  });

  it("the per-IP budget counts attempts on both instances", async () => {
    const ip = "203.0.113.77";
    for (let index = 0; index < 6; index++) {
      const instance = index % 2 === 0 ? first : second;
      expect((await login(instance, `nobody${String(index)}`, "guess-guess", ip)).status).toBe(400);
    }
    const refused = await login(second, "nobody6", "guess-guess", ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
