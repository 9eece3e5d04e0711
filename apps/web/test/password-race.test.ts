// A login racing a password change, across the two production servers (SF-08): landing
// checks the old password while web replaces it. The login is started at every moment of
// the change in turn; once the change has finished, no session made with the old password
// may be alive — whichever of the two wrote last.
import { logInAttempt, signUp } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, me, sessionTokenFromLogin, startApps } from "./support/apps.ts";
import { changePasswordForm, formStatus, submitForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;

beforeAll(async () => {
  apps = await startApps();
});
afterAll(async () => {
  await apps.stop();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SF-08: a login on landing racing a password change on web", () => {
  it("never leaves a session made with the old password alive", async () => {
    const survivors: number[] = [];
    let logins = 0;
    // The change takes about 100 ms here (two hashes). Without the security stamp, logins
    // started 8–30 ms after it kept their sessions in every run on this machine.
    for (let startMs = 0; startMs <= 80; startMs += 4) {
      const person = await signUp(apps, { prefix: "race" });
      const page = await get(`${apps.web.url}/account`, person.token);
      const change = submitForm(
        `${apps.web.url}/account`,
        changePasswordForm(page.body),
        { currentPassword: person.password, newPassword: `a new one ${String(startMs)} 9` },
        { token: person.token },
      );
      const login = delay(startMs).then(() => logInAttempt(apps, person));
      const [changed, loggedIn] = await Promise.all([change, login]);
      expect(formStatus(changed.body)).toMatch(/^Password changed\./);
      const token = sessionTokenFromLogin(loggedIn);
      if (token === null) continue;
      logins++;
      if ((await me(apps, token)).status === 200) survivors.push(startMs);
    }
    expect(survivors).toEqual([]);
    // Some logins got through before the change took hold: the race was really run.
    expect(logins).toBeGreaterThan(0);
  });
});
