// The audit log: every administrator action written with who, what, whom, when and from
// where, kept 90 days, shown newest first, 50 to a page; the command line's grants shown as
// such; and no password, token or hash in the log's page or in any server's output.
import { runAdminCommand } from "@monorepo-auth/testing/admin-role";
import { logIn, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { storedSecretHash } from "@monorepo-auth/testing/stored-sessions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { linkTargets, tableHeadings, tableRows, textOf } from "./support/html.ts";
import {
  confirmPassword,
  get,
  postAction,
  signUp,
  startApps,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The administrator's address, as the proxy in front of the console reports it. */
const ADMIN_IP = "10.8.0.1";

let apps: TestApps;
let boss: SignedIn;
let target: SignedIn;
let targetSecondDevice: SignedIn;
let ids: { boss: string; target: string };
const wrongPassword = "a wrong password 4 audit";

beforeAll(async () => {
  apps = await startApps();
  [boss, target] = await Promise.all([signUp(apps, "boss"), signUp(apps, "target")]);
  expect((await runAdminCommand(apps.test, "grant", boss.username)).code).toBe(0);
  ids = {
    boss: await userIdOf(apps, boss.username),
    target: await userIdOf(apps, target.username),
  };
  targetSecondDevice = await logIn(apps, target);
  // One wrong try first: the password typed must not show up anywhere either.
  await postAction(
    apps,
    "/confirm",
    null,
    { password: wrongPassword, returnTo: "/" },
    {
      token: boss.token,
      ip: ADMIN_IP,
    },
  );
  await confirmPassword(apps, boss, { ip: ADMIN_IP });
});
afterAll(async () => {
  await apps.stop();
});

const act = (action: string, fields: Record<string, string> = {}) =>
  postAction(apps, `/users/${ids.target}`, action, fields, { token: boss.token, ip: ADMIN_IP });

const auditPage = (query = "") => get(`${apps.admin.url}/audit${query}`, boss.token);

describe("AD-08: the audit log", () => {
  it("AD-08 records each action with who, what, whom, when and from where, newest first", async () => {
    const startedAt = Date.now();
    for (const [action, fields] of [
      ["endSession", { sessionId: targetSecondDevice.sessionId }],
      ["lock", {}],
      ["unlock", {}],
      ["endAllSessions", {}],
      ["grantAdmin", {}],
      ["revokeAdmin", {}],
    ] as const) {
      expect((await act(action, fields)).status, action).toBe(303);
    }
    // A refused action changes nothing, and so writes nothing.
    const bossPage = `/users/${ids.boss}`;
    expect(
      (await postAction(apps, bossPage, "lock", {}, { token: boss.token, ip: ADMIN_IP })).status,
    ).toBe(409);

    const page = await auditPage();
    expect(page.status).toBe(200);
    expect(tableHeadings(page.body)).toEqual(["When", "Who", "What", "Whom", "From where"]);
    const rows = tableRows(page.body);
    expect(rows.map((row) => row.slice(1))).toEqual([
      [boss.username, "Removed as administrator", target.username, ADMIN_IP],
      [boss.username, "Made administrator", target.username, ADMIN_IP],
      [boss.username, "Ended every session", target.username, ADMIN_IP],
      [boss.username, "Unlocked the account", target.username, ADMIN_IP],
      [boss.username, "Locked the account", target.username, ADMIN_IP],
      [boss.username, "Ended a session", target.username, ADMIN_IP],
      ["command line", "Made administrator", boss.username, "the server"],
    ]);
    const times = [...page.body.matchAll(/<time datetime="([^"]+)"/g)].map(([, at = ""]) =>
      Date.parse(at),
    );
    expect(times).toHaveLength(7);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const at of times.slice(0, 6)) {
      expect(at).toBeGreaterThanOrEqual(startedAt - 60_000);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    for (const row of rows) expect(row[0]).toMatch(/ UTC$/);
    const links = linkTargets(page.body, `${apps.admin.url}/audit`);
    expect(links).toContain(`/users/${ids.boss}`);
    expect(links).toContain(`/users/${ids.target}`);
  });

  it("AD-08 each entry carries an expiry 90 days on", async () => {
    const { AuditEntry } = await apps.database.models();
    const entries = await AuditEntry.find().lean().exec();
    expect(entries.length).toBeGreaterThanOrEqual(7);
    for (const entry of entries) {
      expect(entry.expiresAt.getTime() - entry.at.getTime()).toBe(90 * DAY_MS);
    }
  });

  it("AD-08 the command line's grants and revocations show as the command line", async () => {
    const helper = await signUp(apps, "helper");
    expect((await runAdminCommand(apps.test, "grant", helper.username)).code).toBe(0);
    expect((await runAdminCommand(apps.test, "revoke", helper.username)).code).toBe(0);
    const rows = tableRows((await auditPage()).body);
    expect(rows.slice(0, 2).map((row) => row.slice(1))).toEqual([
      ["command line", "Removed as administrator", helper.username, "the server"],
      ["command line", "Made administrator", helper.username, "the server"],
    ]);
  });

  it("AD-08 no password, token or hash in the log's page, a user's page, or any server's output", async () => {
    const { User, Session } = await apps.database.models();
    const hashes = (await User.find().lean().exec()).flatMap((user) => [
      user.passwordHash,
      user.securityStamp ?? "",
    ]);
    const sessionIds = (await Session.find().lean().exec()).map((session) => session._id);
    const sessionHashes = await Promise.all(
      sessionIds.map(async (id) => (await storedSecretHash(apps, id)).toString("hex")),
    );
    const secrets = [boss, target, targetSecondDevice].flatMap((person) => [
      person.token,
      person.secret,
    ]);
    const forbidden = [
      boss.password,
      target.password,
      wrongPassword,
      ...secrets,
      ...hashes.filter((value) => value.length > 0),
      ...sessionHashes,
      "$argon2",
    ];
    const places: [string, string][] = [
      ["the audit log", (await auditPage()).body],
      ["the target's page", (await get(`${apps.admin.url}/users/${ids.target}`, boss.token)).body],
      ["the admin's page", (await get(`${apps.admin.url}/users/${ids.boss}`, boss.token)).body],
      ["admin's output", apps.admin.logs()],
      ["landing's output", apps.landing.logs()],
      ["web's output", apps.web.logs()],
    ];
    const found = forbidden.flatMap((value, index) =>
      places
        .filter(([, text]) => text.includes(value))
        .map(([where]) => `${where}: #${String(index)}`),
    );
    expect(found).toEqual([]);
  });

  it("AD-08 the console's log lines name the administrator and the address of each action", () => {
    const events = apps.admin
      .logs()
      .split("\n")
      .filter((line) => line.includes('"type":"admin_action"'))
      .map((line) => JSON.parse(line) as { username: string; ip: string; reason: string });
    expect(events.map((event) => event.reason)).toEqual([
      "end_session",
      "lock",
      "unlock",
      "end_all_sessions",
      "grant_admin",
      "revoke_admin",
    ]);
    for (const event of events)
      expect(event).toMatchObject({ username: boss.username, ip: ADMIN_IP });
  });
});

describe("paging through the audit log", () => {
  it("50 to a page, newest first; ?before= goes on to older ones, without a gap or a repeat", async () => {
    // Enough entries for two pages: lock and unlock, again and again.
    for (let round = 0; round < 26; round++) {
      expect((await act("lock")).status).toBe(303);
      expect((await act("unlock")).status).toBe(303);
    }
    const { AuditEntry } = await apps.database.models();
    const stored = (await AuditEntry.find().sort({ at: -1, _id: -1 }).lean().exec()).map((entry) =>
      entry._id.toHexString(),
    );
    expect(stored.length).toBeGreaterThan(50);

    const first = await auditPage();
    expect(tableRows(first.body)).toHaveLength(50);
    const older = linkTargets(first.body, `${apps.admin.url}/audit`).find((link) =>
      link.startsWith("/audit?before="),
    );
    expect(older).toBe(`/audit?before=${stored[49] ?? ""}`);

    const second = await get(`${apps.admin.url}${older ?? ""}`, boss.token);
    expect(second.status).toBe(200);
    expect(tableRows(second.body)).toHaveLength(stored.length - 50);
    expect(textOf(second.body)).toContain("Newest entries");

    const none = await auditPage(`?before=${stored.at(-1) ?? ""}`);
    expect(textOf(none.body)).toContain("No older entries.");
  });

  it("answers 400 for a ?before= that names no entry's shape", async () => {
    for (const before of ["x", "0123", '{"$gt":""}', "g".repeat(24)]) {
      const result = await auditPage(`?before=${encodeURIComponent(before)}`);
      expect(result.status, before).toBe(400);
      expect(textOf(result.body)).toContain("This is not a page of the log.");
    }
  });
});
