// The user directory and a user's page: search by the start of a username, 20 to a page,
// the facts an administrator needs about each user, their live sessions with the device
// each is on; and ids from addresses and forms checked before anything reaches the database.
import { sessionExists } from "@monorepo-auth/testing/stored-sessions";
import { logIn, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { webAccepts } from "@monorepo-auth/testing/token-accepted";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertText, linkTargets, tableHeadings, tableRows, textOf } from "./support/html.ts";
import {
  confirmPassword,
  get,
  postAction,
  signUp,
  signUpAdmin,
  startApps,
  storedState,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

let apps: TestApps;
let boss: SignedIn;
/** 25 people whose usernames start alike: more than a page. */
let crowd: SignedIn[];
const CROWD = "crowd";
let alice: SignedIn;
let aliceOnFirefox: SignedIn;
let bob: SignedIn;
let ids: { alice: string; bob: string; boss: string };

beforeAll(async () => {
  apps = await startApps();
  boss = await signUpAdmin(apps, "boss");
  await confirmPassword(apps, boss);
  crowd = [];
  // A few at a time: each sign-up hashes a password.
  for (let batch = 0; batch < 5; batch++) {
    crowd.push(...(await Promise.all(Array.from({ length: 5 }, () => signUp(apps, CROWD)))));
  }
  [alice, bob] = await Promise.all([signUp(apps, "alice"), signUp(apps, "bob")]);
  aliceOnFirefox = await logIn(apps, alice, { ip: "10.99.0.7", userAgent: FIREFOX_ON_WINDOWS });
  ids = {
    alice: await userIdOf(apps, alice.username),
    bob: await userIdOf(apps, bob.username),
    boss: await userIdOf(apps, boss.username),
  };
});
afterAll(async () => {
  await apps.stop();
});

const page = (path: string) => get(`${apps.admin.url}${path}`, boss.token);

describe("the user directory", () => {
  it("lists usernames starting with the search, in order, 20 to a page, each linked to its page", async () => {
    const first = await page(`/?q=${CROWD}`);
    expect(first.status).toBe(200);
    expect(tableHeadings(first.body)).toEqual([
      "Username",
      "Created",
      "Last seen",
      "Sessions",
      "Locked",
      "Admin",
    ]);
    const rows = tableRows(first.body);
    const names = crowd.map((person) => person.username).sort();
    expect(rows.map((row) => row[0])).toEqual(names.slice(0, 20));
    expect(rows[0]?.slice(3)).toEqual(["1", "No", "No"]);
    expect(rows[0]?.[1]).toMatch(/ UTC$/);
    expect(rows[0]?.[2]).toMatch(/ UTC$/);
    const crowdId = await userIdOf(apps, names[0] ?? "");
    expect(linkTargets(first.body, `${apps.admin.url}/`)).toContain(`/users/${crowdId}`);
    expect(linkTargets(first.body, `${apps.admin.url}/`)).toContain(`/?q=${CROWD}&page=2`);
    expect(linkTargets(first.body, `${apps.admin.url}/`)).not.toContain(`/?q=${CROWD}`);

    const second = await page(`/?q=${CROWD}&page=2`);
    expect(tableRows(second.body).map((row) => row[0])).toEqual(names.slice(20));
    expect(linkTargets(second.body, `${apps.admin.url}/`)).toContain(`/?q=${CROWD}`);
    expect(linkTargets(second.body, `${apps.admin.url}/`)).not.toContain(`/?q=${CROWD}&page=3`);
  });

  it("finds whatever the case of the search, and shows who is an admin", async () => {
    const found = tableRows((await page(`/?q=${boss.username.toUpperCase()}`)).body);
    expect(found).toHaveLength(1);
    expect(found[0]?.[0]).toBe(boss.username);
    expect(found[0]?.[5]).toBe("Admin");
  });

  it("without a search, lists everyone, a page at a time", async () => {
    const all = await page("/");
    expect(all.status).toBe(200);
    expect(tableRows(all.body)).toHaveLength(20);
    expect(linkTargets(all.body, `${apps.admin.url}/`)).toContain("/?page=2");
  });

  it("says so when no username starts with the search, and when a page is past the end", async () => {
    const none = await page("/?q=nobody-here");
    expect(none.status).toBe(200);
    expect(textOf(none.body)).toContain("No username starts with “nobody-here”.");
    expect(tableRows(none.body)).toEqual([]);

    const past = await page(`/?q=${CROWD}&page=3`);
    expect(past.status).toBe(200);
    expect(textOf(past.body)).toContain("No users on this page.");
  });

  it("reads a search as text only: patterns and markup match nothing and are shown escaped", async () => {
    for (const query of [".*", "^a", "[a-z]", "<img src=x onerror=alert(1)>", '{"$ne":""}']) {
      const result = await page(`/?q=${encodeURIComponent(query)}`);
      expect(result.status, query).toBe(200);
      expect(tableRows(result.body), query).toEqual([]);
      expect(result.body, query).not.toContain("<img src=x");
    }
  });

  it("answers 400 for a page number that is not one, or a search longer than any username", async () => {
    for (const search of [
      "page=0",
      "page=-1",
      "page=abc",
      "page=1e3",
      "page=99999",
      `q=${"a".repeat(65)}`,
    ]) {
      const result = await page(`/?${search}`);
      expect(result.status, search).toBe(400);
      expect(textOf(result.body), search).toContain("Not understood");
    }
  });
});

describe("a user's page", () => {
  it("shows the directory's facts and every live session: device, address, when", async () => {
    const result = await page(`/users/${ids.alice}`);
    expect(result.status).toBe(200);
    const text = textOf(result.body);
    expect(result.body).toMatch(new RegExp(`<h1>${alice.username}</h1>`));
    expect(text).toMatch(/Created \w{3} \d{1,2}, \d{4}, .+ UTC Last seen/);
    expect(text).toContain("Sessions 2 Locked No Administrator No");
    const sessions = tableRows(result.body, "Live sessions");
    expect(sessions).toHaveLength(2);
    const firefox = sessions.find((row) => row[0] === "Firefox on Windows");
    expect(firefox?.[1]).toBe("10.99.0.7");
    expect(firefox?.[2]).toMatch(/ UTC$/);
    expect(result.body).toContain(`name="sessionId" value="${aliceOnFirefox.sessionId}"`);
    for (const label of ["Lock account", "Make admin", "End session", "End all sessions"]) {
      expect(text, label).toContain(label);
    }
    // Only the session's id, never its secret.
    expect(result.body).not.toContain(aliceOnFirefox.secret);
  });

  it("on one's own page, marks the session in use and offers no lock", async () => {
    const result = await page(`/users/${ids.boss}`);
    const text = textOf(result.body);
    expect(text).toContain("This session");
    expect(text).toContain("You cannot lock your own account.");
    expect(text).not.toContain("Lock account");
    expect(text).toContain("Remove admin");
  });

  it("answers 404 for an id no user has", async () => {
    const result = await page("/users/AAAAAAAAAAAAAAAAAAAAAA");
    expect(result.status).toBe(404);
    expect(textOf(result.body)).toContain("There is no user with this id.");
  });
});

describe("AD-04: ids from addresses and forms", () => {
  it("AD-04 an id of a shape never issued is a 404 without a query, even where a user has it", async () => {
    // Planted behind the console's back: had the id reached a query, this user would be found.
    const { User } = await apps.database.models();
    for (const [index, id] of ["a.b", "x".repeat(65), "a b", "ä"].entries()) {
      await User.create({
        _id: id,
        username: `planted-${String(index)}`,
        passwordHash: "$argon2id$x",
      });
    }
    for (const id of ["a.b", "x".repeat(65), "a%20b", "%C3%A4"]) {
      const result = await page(`/users/${id}`);
      expect(result.status, id).toBe(404);
      expect(textOf(result.body), id).toContain("There is no user with this id.");
    }
  });

  it("AD-04 a session of user B ended through user A's page: 404, and B's session lives on", async () => {
    const before = await storedState(apps);
    const result = await postAction(
      apps,
      `/users/${ids.alice}`,
      "endSession",
      { sessionId: bob.sessionId },
      { token: boss.token },
    );
    expect(result.status).toBe(404);
    expect(alertText(result.body)).toBe(
      "This session has ended already, or is not one of this user's.",
    );
    expect(await sessionExists(apps, bob.sessionId)).toBe(true);
    expect(await webAccepts(apps.web.url, bob.token)).toBe(true);
    expect(await storedState(apps)).toEqual(before);
  });

  it("AD-04 malformed session ids: 400 before any query, nothing ended", async () => {
    const { Session } = await apps.database.models();
    // A session whose id is of no issued shape: only a query could reach it.
    await Session.create({
      _id: "bad.id",
      userId: ids.alice,
      username: alice.username,
      secretHash: Buffer.alloc(32),
      createdAt: new Date(),
      lastVerifiedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
      userAgent: null,
      ip: null,
    });
    const before = await storedState(apps);
    const bodies: (Record<string, string> | string)[] = [
      { sessionId: "bad.id" },
      { sessionId: "" },
      { sessionId: "x".repeat(65) },
      { sessionId: '{"$ne":null}' },
      {},
      "sessionId[$ne]=x",
      "sessionId[]=x",
    ];
    for (const body of bodies) {
      const result = await postAction(apps, `/users/${ids.alice}`, "endSession", body, {
        token: boss.token,
      });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(alertText(result.body)).toBe("The form could not be read. Please try again.");
    }
    expect(await storedState(apps)).toEqual(before);
    expect(await sessionExists(apps, "bad.id")).toBe(true);
    await Session.deleteOne({ _id: "bad.id" }).exec();
  });

  it("AD-04 malformed user ids on every action: 404, nothing changed", async () => {
    const before = await storedState(apps);
    for (const action of [
      "lock",
      "unlock",
      "endSession",
      "endAllSessions",
      "grantAdmin",
      "revokeAdmin",
    ]) {
      for (const id of ["a.b", "x".repeat(65)]) {
        const result = await postAction(
          apps,
          `/users/${id}`,
          action,
          { sessionId: alice.sessionId },
          {
            token: boss.token,
          },
        );
        expect(result.status, `${action} ${id}`).toBe(404);
      }
    }
    expect(await storedState(apps)).toEqual(before);
  });

  it("AD-04 unknown ids, well formed: 404 on every action, nothing changed", async () => {
    const before = await storedState(apps);
    const nobody = "AAAAAAAAAAAAAAAAAAAAAA";
    for (const action of [
      "lock",
      "unlock",
      "endSession",
      "endAllSessions",
      "grantAdmin",
      "revokeAdmin",
    ]) {
      const result = await postAction(
        apps,
        `/users/${nobody}`,
        action,
        { sessionId: alice.sessionId },
        {
          token: boss.token,
        },
      );
      expect(result.status, action).toBe(404);
    }
    const unknownSession = await postAction(
      apps,
      `/users/${ids.alice}`,
      "endSession",
      { sessionId: "BBBBBBBBBBBBBBBBBBBBBB" },
      { token: boss.token },
    );
    expect(unknownSession.status).toBe(404);
    expect(await storedState(apps)).toEqual(before);
    expect(await webAccepts(apps.web.url, alice.token)).toBe(true);
  });

  it("AD-04 an action name the page does not have: 404", async () => {
    const result = await postAction(
      apps,
      `/users/${ids.alice}`,
      "deleteUser",
      {},
      { token: boss.token },
    );
    expect(result.status).toBe(404);
  });

  it("AD-04 the user's own session, ended through their page, ends; the others live on", async () => {
    const result = await postAction(
      apps,
      `/users/${ids.alice}`,
      "endSession",
      { sessionId: aliceOnFirefox.sessionId },
      { token: boss.token },
    );
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/users/${ids.alice}?done=end_session`);
    expect(await webAccepts(apps.web.url, aliceOnFirefox.token)).toBe(false);
    expect(await webAccepts(apps.web.url, alice.token)).toBe(true);
    expect(await webAccepts(apps.web.url, bob.token)).toBe(true);
    const shown = await page(result.location ?? "");
    expect(textOf(shown.body)).toContain("The session has ended.");
    expect(tableRows(shown.body, "Live sessions")).toHaveLength(1);
  });
});
