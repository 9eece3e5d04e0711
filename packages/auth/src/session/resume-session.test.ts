// One read path for every app (SF-07): the session cookies of a request, resolved once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";

describe("resume", () => {
  let t: TestAuth;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
    const a = await t.auth.signUp({ username: "alice", password: PASSWORD, ...CLIENT });
    const b = await t.auth.signUp({ username: "bob", password: PASSWORD, ...CLIENT });
    if (!a.ok || !b.ok) throw new Error("set-up failed");
    [alice, bob] = [a.token, b.token];
  });
  afterAll(async () => {
    await t.close();
  });

  const resume = (cookie: string) => t.auth.resume(new Headers({ cookie }));

  it("resumes the one session a request carries", async () => {
    const resumed = await resume(`theme=dark; session=${alice}`);
    expect(resumed).toMatchObject({ status: "signed-in", user: { username: "alice" } });
    expect(resumed.status === "signed-in" && resumed.setCookie).toBeNull();
  });

  it("is signed out, and clears nothing, without a session cookie", async () => {
    expect(await resume("theme=dark")).toEqual({ status: "signed-out", setCookie: null });
  });

  it("clears a single cookie that names no live session", async () => {
    const resumed = await resume("session=junk");
    expect(resumed.status).toBe("signed-out");
    expect(resumed.status === "signed-out" && resumed.setCookie).toMatch(/^session=; Max-Age=0;/);
  });

  it.each([
    ["junk then a valid one", () => `session=junk; session=${alice}`],
    ["a valid one then junk", () => `session=${alice}; session=junk`],
    ["two users' valid cookies", () => `session=${alice}; session=${bob}`],
    ["the same valid cookie twice", () => `session=${alice}; session=${alice}`],
  ])(
    "SF-07: several session cookies (%s) are signed out, and nothing is cleared",
    async (_label, cookie) => {
      expect(await resume(cookie())).toEqual({ status: "signed-out", setCookie: null });
      // The genuine session is untouched.
      expect((await t.auth.validateSessionToken(alice)).session).not.toBeNull();
    },
  );

  it("SF-07: never accepts a token sent percent-encoded or quoted", async () => {
    for (const cookie of [`session=${alice.replace(".", "%2E")}`, `session="${alice}"`]) {
      expect((await resume(cookie)).status).toBe("signed-out");
    }
  });
});
