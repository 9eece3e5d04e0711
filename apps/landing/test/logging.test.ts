// LG-01: what landing writes to its standard output. One JSON line per auth event, with
// the time, the client's address and the username; never a password, a token or a hash.
import { authEvents, type AuthLogEvent } from "@monorepo-auth/testing/logs";
import { logIn, logInAttempt, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { uniqueIp } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { post, startLanding, type Landing } from "./support/landing.ts";

const ALLOWED_KEYS = new Set(["time", "type", "username", "userId", "ip", "reason", "event"]);

let landing: Landing;
let started: number;
const passwords = ["logged pass phrase 1", "wrong pass phrase 11", "wrong pass phrase 22"];
const tokens: SignedIn[] = [];
const ips = { signup: uniqueIp(), login: uniqueIp(), failed: uniqueIp(), logout: uniqueIp() };
let username = "";

beforeAll(async () => {
  // A budget of 2 so that the third failure from one address is throttled.
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "2" } });
  started = Date.now();

  const person = await signUp(landing, { password: passwords[0] ?? "" }, { ip: ips.signup });
  username = person.username;
  tokens.push(person);
  const session = await logIn(landing, person, { ip: ips.login });
  tokens.push(session);
  for (const password of [passwords[1] ?? "", passwords[2] ?? "", passwords[1] ?? ""]) {
    await logInAttempt(landing, { username, password }, { ip: ips.failed });
  }
  await post(landing, "/api/logout", null, { token: session.token, ip: ips.logout });
});
afterAll(async () => {
  await landing.stop();
});

function eventsOf(type: string): AuthLogEvent[] {
  return authEvents(landing.app.logs()).filter(
    (event) => event.type === type && event.username === username,
  );
}

describe("LG-01: the auth log", () => {
  it.each([
    ["signup", "signup"],
    ["login_succeeded", "login"],
    ["login_failed", "failed"],
    ["login_throttled", "failed"],
    ["logout", "logout"],
  ] as const)("has a %s event with time, ip and username", (type, from) => {
    const [event] = eventsOf(type);
    expect(event).toBeDefined();
    expect(event?.event).toBe("auth");
    expect(event?.ip).toBe(ips[from]);
    expect(event?.username).toBe(username);
    const time = Date.parse(event?.time ?? "");
    expect(event?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(time).toBeGreaterThanOrEqual(started - 1_000);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it("counts match what happened: 2 failures, then 1 throttled", () => {
    expect(eventsOf("login_failed")).toHaveLength(2);
    expect(eventsOf("login_throttled")).toEqual([
      expect.objectContaining({ reason: "ip", ip: ips.failed }),
    ]);
    expect(eventsOf("login_failed").map((event) => event.reason)).toEqual([
      "invalid_credentials",
      "invalid_credentials",
    ]);
  });

  it("every line is an auth event with known fields only (or the server's start-up line)", () => {
    const lines = landing.app
      .logs()
      .split("\n")
      .filter((line) => line.trim() !== "");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      if (!line.startsWith("{")) {
        expect(line).toMatch(/^landing: listening on http:\/\/127\.0\.0\.1:\d+$/);
        continue;
      }
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record.event).toBe("auth");
      for (const key of Object.keys(record)) expect(ALLOWED_KEYS.has(key), key).toBe(true);
    }
  });

  it("never holds a password, a token, a session id or a hash", () => {
    const logs = landing.app.logs();
    for (const password of passwords) expect(logs).not.toContain(password);
    for (const { token, sessionId, secret } of tokens) {
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(sessionId);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain("$argon2");
    expect(logs).not.toMatch(/password/i);
  });
});
