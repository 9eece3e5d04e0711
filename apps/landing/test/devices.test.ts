// Device cookies on landing (BF-07): a login gives the browser a device token for its
// login endpoint alone; strangers failing ten times lock the account for strangers only.
import { deviceTokenFrom } from "@monorepo-auth/testing/auth-cookies";
import { cookieAttributes } from "@monorepo-auth/testing/http";
import { logIn, logInAttempt, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLanding, type Landing } from "./support/landing.ts";

let landing: Landing;

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "1000" } });
});
afterAll(async () => {
  await landing.stop();
});

async function ownerWithDevice(): Promise<{ person: SignedIn; device: string }> {
  const person = await signUp(landing);
  const login = await logIn(landing, person);
  const device = deviceTokenFrom(login.result);
  if (!device) throw new Error("the login set no device cookie");
  return { person, device };
}

describe("BF-07: device cookies", () => {
  it("a login sets the device cookie: HttpOnly, SameSite=Strict, host-only", async () => {
    const person = await signUp(landing);
    const login = await logIn(landing, person);
    const line = login.result.setCookies.find((candidate) => candidate.startsWith("device="));
    expect(line).toBeDefined();
    const attributes = cookieAttributes(line ?? "");
    expect(attributes).toMatchObject({ path: "/", samesite: "Strict", httponly: "" });
    expect(attributes).not.toHaveProperty("domain");
    expect(Number(attributes["max-age"])).toBeGreaterThan(170 * 24 * 3600);
    expect(deviceTokenFrom(login.result)).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  });

  it("strangers' ten failures lock strangers out; the owner's browser still gets in", async () => {
    const { person, device } = await ownerWithDevice();
    for (let index = 0; index < 10; index++) {
      const failed = await logInAttempt(landing, {
        ...person,
        password: `wrong-${String(index)}x`,
      });
      expect(failed.status).toBe(400);
    }
    expect((await logInAttempt(landing, person)).status).toBe(429);
    const owner = await logInAttempt(landing, person, { cookie: `device=${device}` });
    expect(owner.status).toBe(303);
    // A known browser is not given another token.
    expect(deviceTokenFrom(owner)).toBeNull();
  });

  it("failures made with one device token lock that token only", async () => {
    const { person, device } = await ownerWithDevice();
    const withDevice = { cookie: `device=${device}` };
    for (let index = 0; index < 10; index++) {
      await logInAttempt(landing, { ...person, password: `wrong-${String(index)}x` }, withDevice);
    }
    expect((await logInAttempt(landing, person, withDevice)).status).toBe(429);
    expect((await logInAttempt(landing, person)).status).toBe(303);
  });

  it("two device cookies, or a forged one, vouch for nothing", async () => {
    const { person, device } = await ownerWithDevice();
    for (let index = 0; index < 10; index++) {
      await logInAttempt(landing, { ...person, password: `wrong-${String(index)}x` });
    }
    const [id] = device.split(".");
    for (const cookie of [
      `device=${device}; device=${device}`,
      `device=${id ?? ""}.${"A".repeat(43)}`,
      `device=${device.replace(".", "%2E")}`,
    ]) {
      expect((await logInAttempt(landing, person, { cookie })).status).toBe(429);
    }
  });
});
