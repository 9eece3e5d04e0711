// The admin role from the console: given and taken by administrators, but never taken from
// the last one who can still sign in — whoever asks, and however many ask at once. This
// file's database holds no administrator but those it makes.
import { logIn, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertText, textOf } from "./support/html.ts";
import {
  confirmPassword,
  get,
  postAction,
  rolesOf,
  signUp,
  signUpAdmin,
  startApps,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

const LAST_ADMIN = "There must always be at least one administrator.";

let apps: TestApps;
let ann: SignedIn;
let ben: SignedIn;
let ids: { ann: string; ben: string };

beforeAll(async () => {
  apps = await startApps();
  [ann, ben] = await Promise.all([signUpAdmin(apps, "ann"), signUp(apps, "ben")]);
  ids = { ann: await userIdOf(apps, ann.username), ben: await userIdOf(apps, ben.username) };
  await confirmPassword(apps, ann);
});
afterAll(async () => {
  await apps.stop();
});

const revoke = (by: SignedIn, id: string) =>
  postAction(apps, `/users/${id}`, "revokeAdmin", {}, { token: by.token });

async function admins(): Promise<string[]> {
  const { User } = await apps.database.models();
  const found = await User.find({ roles: "admin" }).lean().exec();
  return found.map((user) => user.username).sort();
}

describe("AD-05: the last administrator", () => {
  it("AD-05 removing the only administrator is refused (409) with the reason; the role is kept", async () => {
    const result = await revoke(ann, ids.ann);
    expect(result.status).toBe(409);
    expect(alertText(result.body)).toBe(LAST_ADMIN);
    expect(await rolesOf(apps, ann.username)).toEqual(["admin"]);
    expect((await get(`${apps.admin.url}/`, ann.token)).status).toBe(200);
  });

  it("AD-05 an administrator whose account is locked does not count: still refused", async () => {
    const granted = await postAction(
      apps,
      `/users/${ids.ben}`,
      "grantAdmin",
      {},
      { token: ann.token },
    );
    expect(granted.status).toBe(303);
    expect(await admins()).toEqual([ann.username, ben.username].sort());
    const locked = await postAction(apps, `/users/${ids.ben}`, "lock", {}, { token: ann.token });
    expect(locked.status).toBe(303);

    const result = await revoke(ann, ids.ann);
    expect(result.status).toBe(409);
    expect(alertText(result.body)).toBe(LAST_ADMIN);
    expect(await rolesOf(apps, ann.username)).toEqual(["admin"]);

    const unlocked = await postAction(
      apps,
      `/users/${ids.ben}`,
      "unlock",
      {},
      { token: ann.token },
    );
    expect(unlocked.status).toBe(303);
  });

  it("AD-05 two administrators removing each other at once, round after round: never both lose it", async () => {
    // Ben's sessions ended with the lock: he signs in again and confirms his password.
    ben = await logIn(apps, ben);
    await confirmPassword(apps, ben);
    const people = { [ann.username]: ann, [ben.username]: ben };
    for (let round = 0; round < 6; round++) {
      const [byAnn, byBen] = await Promise.all([revoke(ann, ids.ben), revoke(ben, ids.ann)]);
      const remaining = await admins();
      expect(remaining.length, `round ${String(round)}`).toBeGreaterThanOrEqual(1);
      // Each is told what happened to the one they removed: done (303) when that one lost
      // the role; refused (409) when that one kept it — or, when the asker's own role was
      // gone before their request was admitted, not admitted at all (403).
      for (const [answer, actor, other] of [
        [byAnn, ann, ben],
        [byBen, ben, ann],
      ] as const) {
        const what = `round ${String(round)}, ${actor.username}`;
        if (!remaining.includes(other.username)) expect(answer.status, what).toBe(303);
        else if (remaining.includes(actor.username)) expect(answer.status, what).toBe(409);
        else expect([403, 409], what).toContain(answer.status);
      }
      // The one left gives the role back for the next round.
      const [left = ""] = remaining;
      if (remaining.length === 1) {
        const back = await postAction(
          apps,
          `/users/${left === ann.username ? ids.ben : ids.ann}`,
          "grantAdmin",
          {},
          { token: people[left]?.token ?? "" },
        );
        expect(back.status).toBe(303);
      }
    }
    // Ann leaves, Ben stays, for the next case.
    expect((await revoke(ben, ids.ann)).status).toBe(303);
    expect(await admins()).toEqual([ben.username]);
  });

  it("AD-05 the one left cannot remove themselves either", async () => {
    const result = await revoke(ben, ids.ben);
    expect(result.status).toBe(409);
    expect(textOf(result.body)).toContain(LAST_ADMIN);
    expect(await admins()).toEqual([ben.username]);
  });
});
