// Locking an account from the console: every session of it ends at once on every app, its
// owner cannot sign in (and is told so only with the right password), and unlocking lets
// them in again. An administrator never locks their own account.
import { logIn, logInAttempt, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionCount } from "@monorepo-auth/testing/stored-sessions";
import { landingAccepts, webAccepts } from "@monorepo-auth/testing/token-accepted";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertText, textOf } from "./support/html.ts";
import {
  confirmPassword,
  get,
  postAction,
  signUp,
  signUpAdmin,
  startApps,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

let apps: TestApps;
let boss: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  boss = await signUpAdmin(apps, "boss");
  await confirmPassword(apps, boss);
});
afterAll(async () => {
  await apps.stop();
});

/** Whether any app still takes the token: web's `/api/me`, landing's login page. */
async function anyAppAccepts(token: string): Promise<boolean> {
  const [web, landing] = await Promise.all([
    webAccepts(apps.web.url, token),
    landingAccepts(apps.landing.url, token),
  ]);
  return web || landing;
}

describe("AD-07: locking a user", () => {
  let target: SignedIn;
  let secondDevice: SignedIn;
  let targetId: string;

  beforeAll(async () => {
    target = await signUp(apps, "target");
    secondDevice = await logIn(apps, target);
    targetId = await userIdOf(apps, target.username);
  });

  it("AD-07 every session of theirs ends at once, on every app", async () => {
    expect(await webAccepts(apps.web.url, target.token)).toBe(true);
    expect(await landingAccepts(apps.landing.url, secondDevice.token)).toBe(true);

    const result = await postAction(apps, `/users/${targetId}`, "lock", {}, { token: boss.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/users/${targetId}?done=lock`);

    for (const token of [target.token, secondDevice.token]) {
      const me = await get(`${apps.web.url}/api/me`, token);
      expect(me.status).toBe(401);
      expect(await landingAccepts(apps.landing.url, token)).toBe(false);
    }
    expect(await sessionCount(apps, target.username)).toBe(0);

    const page = await get(`${apps.admin.url}${result.location ?? ""}`, boss.token);
    const text = textOf(page.body);
    expect(text).toContain("The account is locked, and every session of it has ended.");
    expect(text).toMatch(/Locked Locked since .+ UTC/);
    expect(text).toContain("Unlock account");
    expect(text).toContain("No live session");
  });

  it("AD-07 logging in then says the account is locked, only with the right password", async () => {
    const right = await logInAttempt(apps, target);
    expect(right.status).toBe(403);
    expect(textOf(right.body)).toContain(
      "This account is locked. Please contact an administrator.",
    );
    expect(right.setCookies.filter((line) => line.startsWith("session="))).toEqual([]);

    const wrong = await logInAttempt(apps, { ...target, password: "not the password" });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.body)).toContain("Wrong username or password.");
    expect(textOf(wrong.body)).not.toContain("locked");
  });

  it("AD-07 unlocking lets them in again", async () => {
    const result = await postAction(
      apps,
      `/users/${targetId}`,
      "unlock",
      {},
      { token: boss.token },
    );
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/users/${targetId}?done=unlock`);
    const again = await logIn(apps, target);
    expect(await anyAppAccepts(again.token)).toBe(true);
    expect(await webAccepts(apps.web.url, again.token)).toBe(true);
  });

  it("AD-07 a locked administrator loses the console with their sessions", async () => {
    const other = await signUpAdmin(apps, "other-admin");
    expect((await get(`${apps.admin.url}/`, other.token)).status).toBe(200);
    const otherId = await userIdOf(apps, other.username);
    expect(
      (await postAction(apps, `/users/${otherId}`, "lock", {}, { token: boss.token })).status,
    ).toBe(303);
    const after = await get(`${apps.admin.url}/`, other.token);
    expect(after.status).toBe(303);
    expect(after.location).toMatch(new RegExp(`^${apps.landing.url}/login`));
    expect((await logInAttempt(apps, other)).status).toBe(403);
  });
});

describe("locking one's own account", () => {
  it("is refused (409) with the reason, and the account stays open", async () => {
    const bossId = await userIdOf(apps, boss.username);
    const result = await postAction(apps, `/users/${bossId}`, "lock", {}, { token: boss.token });
    expect(result.status).toBe(409);
    expect(alertText(result.body)).toBe("You cannot lock your own account.");
    expect(await webAccepts(apps.web.url, boss.token)).toBe(true);
  });
});
