// Password rules and storage (PW-*), operator injection (NQ-*), and hostile input (IN-*)
// on landing's form endpoints: what is refused, with which status, and what reaches the
// database.
import { sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { authEvents } from "@monorepo-auth/testing/logs";
import {
  peakResidentMiB,
  resetPeakResident,
  residentMiB,
} from "@monorepo-auth/testing/process-stats";
import { logIn, logInAttempt, PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import { uniqueIp, uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, expectNoStackTrace, textById } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

const MB = 1024 * 1024;
/** IN-01: how far a 10 MB body may lift the server's peak resident memory (less than itself). */
const MEMORY_GROWTH_MIB = 8;
const ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{32,})$/;

let landing: Landing;

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "1000" } });
});
afterAll(async () => {
  await landing.stop();
});

/** A sign-up with this password for a fresh username, whatever its outcome. */
function signUpWith(password: string, username = uniqueUsername()) {
  return post(landing, "/api/signup", { username, password });
}

/** A 400 refusing the password, with the reason shown beside the field and in the alert. */
function expectPasswordRefused(
  result: Awaited<ReturnType<typeof signUpWith>>,
  reason: string,
): void {
  expect(result.status).toBe(400);
  expect(sessionCookieLines(result)).toEqual([]);
  expect(alertMessage(result.body)).toBe(reason);
  expect(textById(result.body, "password-error")).toBe(reason);
}

/**
 * A request whose body is a stream: sent chunked, with no Content-Length, as a client that
 * does not know the size in advance sends it. Never waits more than `timeoutMs`.
 */
async function postStreamed(
  path: string,
  totalBytes: number,
  timeoutMs: number,
): Promise<{ status: number; body: string; ms: number } | { error: string; ms: number }> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      const part = chunk.subarray(0, Math.min(chunk.byteLength, totalBytes - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  const started = performance.now();
  try {
    const response = await fetch(`${landing.url}${path}`, {
      method: "POST",
      body,
      duplex: "half",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: landing.origin,
        "sec-fetch-site": "same-origin",
        "x-forwarded-for": uniqueIp(),
        accept: "application/json",
      },
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, body: text, ms: performance.now() - started };
  } catch (error) {
    return { error: (error as Error).name, ms: performance.now() - started };
  }
}

/**
 * Runs `send` and measures how far the server's resident memory peaked above where it stood
 * (Linux: VmHWM, reset first): what the request added to the process's footprint. Memory
 * the process freed earlier may be reused unseen, so this bounds growth, not every buffer.
 */
async function withPeakGrowth<T>(
  send: () => Promise<T>,
): Promise<{ result: T; growthMiB: number }> {
  const { pid } = landing.app;
  await resetPeakResident(pid);
  const before = await residentMiB(pid);
  const result = await send();
  return { result, growthMiB: (await peakResidentMiB(pid)) - before };
}

/** The server still serves pages and logs people in. */
async function expectServerHealthy(): Promise<void> {
  expect((await get(landing, "/login")).status).toBe(200);
  const person = await signUp(landing);
  expect((await logIn(landing, person)).result.status).toBe(303);
}

describe("password rules at sign-up", () => {
  it("PW-01: 7 code points are refused with the reason, 8 are accepted", async () => {
    expectPasswordRefused(await signUpWith("xq7#Lm2"), "Use at least 8 characters.");
    expect((await signUpWith("xq7#Lm2!")).status).toBe(303);
    // Counted in code points, not UTF-16 units: 7 emoji are 14 units, still too short.
    expectPasswordRefused(await signUpWith("🐙🦑🐚🦀🐡🐠🐟"), "Use at least 8 characters.");
    expect((await signUpWith("🐙🦑🐚🦀🐡🐠🐟🦞")).status).toBe(303);
  });

  it("PW-01: 256 code points are accepted, 257 refused", async () => {
    expect((await signUpWith("é".repeat(256))).status).toBe(303);
    expectPasswordRefused(await signUpWith("é".repeat(257)), "Use at most 256 characters.");
  });

  it("PW-03: a 10,000-character password → 400 (not 413), refused before any hashing", async () => {
    const long = "x7".repeat(5_000);
    const username = uniqueUsername("long");
    const signup = await signUpWith(long, username);
    expectPasswordRefused(signup, "Use at most 256 characters.");
    expect(signup.body).not.toContain(long.slice(0, 300));

    const person = await signUp(landing);
    const login = await logInAttempt(landing, { username: person.username, password: long });
    expect(login.status).toBe(400);
    expect(alertMessage(login.body)).toBe("Wrong username or password.");

    // The events say why: refused on the input alone, before any budget or hash was spent.
    const events = authEvents(landing.app.logs());
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "signup_refused",
        username,
        reason: "password_too_long",
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "login_failed",
        username: person.username,
        reason: "malformed",
      }),
    );
    expect(
      events.filter((event) => event.type === "login_failed" && event.username === person.username),
    ).toHaveLength(1);
  });

  it("PW-03: a 1 MB body → 413", async () => {
    const body = `username=${uniqueUsername()}&password=${"x".repeat(MB)}`;
    for (const path of ["/api/signup", "/api/login"]) {
      const result = await post(landing, path, body);
      expect(result.status).toBe(413);
      expect(alertMessage(result.body)).toBe("The form is too large.");
      expect(result.ms).toBeLessThan(1_000);
    }
  });

  it("PW-04: sign up with 100 characters, log in with the first 72 → refused (no truncation)", async () => {
    const password = Array.from({ length: 10 }, (_, index) => `${index}-long-pw!`).join("");
    expect(password).toHaveLength(100);
    const person = await signUp(landing, { password });
    const truncated = await logInAttempt(landing, {
      username: person.username,
      password: password.slice(0, 72),
    });
    expect(truncated.status).toBe(400);
    expect(sessionCookieLines(truncated)).toEqual([]);
    const oneShort = await logInAttempt(landing, {
      username: person.username,
      password: password.slice(0, 99),
    });
    expect(oneShort.status).toBe(400);
    expect((await logIn(landing, person)).result.status).toBe(303);
  });

  it("PW-08: a common password is refused with the reason, in any case", async () => {
    for (const password of ["password1234", "Password1234", "PASSWORD1234", "qwertyuiop"]) {
      expectPasswordRefused(
        await signUpWith(password),
        "This password is too common. Choose one that is harder to guess.",
      );
    }
  });

  it("PW-08: a password containing the username is refused with the reason, in any case", async () => {
    const username = uniqueUsername("walrus");
    for (const password of [
      `my ${username} pass`,
      `${username.toUpperCase()}!!`,
      `xx${username}`,
    ]) {
      const result = await signUpWith(password, username);
      expectPasswordRefused(result, "The password must not contain the username.");
    }
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("PW-11: one password for two users → two argon2id hashes with different salts", async () => {
    const password = "shared by two 4 sure";
    const first = await signUp(landing, { password });
    const second = await signUp(landing, { password });
    const hashes = await Promise.all(
      [first, second].map(async (person) => {
        const user = await userDocument(landing, person.username);
        return String(user?.passwordHash);
      }),
    );
    const [a = "", b = ""] = hashes;
    const [, saltA, hashA] = ARGON2ID.exec(a) ?? [];
    const [, saltB, hashB] = ARGON2ID.exec(b) ?? [];
    expect(a).toMatch(ARGON2ID);
    expect(b).toMatch(ARGON2ID);
    expect(saltA).not.toBe(saltB);
    expect(hashA).not.toBe(hashB);
    expect(a).not.toContain(password);
  });
});

describe("operator injection", () => {
  it("NQ-01: a JSON body with operators → 415, never a login", async () => {
    const person = await signUp(landing);
    const body = JSON.stringify({ username: { $ne: "" }, password: { $ne: "" } });
    for (const accept of ["application/json", "text/html"]) {
      const result = await post(landing, "/api/login", body, {
        headers: { "content-type": "application/json", accept },
      });
      expect(result.status).toBe(415);
      expect(sessionCookieLines(result)).toEqual([]);
      expect(result.location).toBeNull();
    }
    const named = JSON.stringify({ username: person.username, password: { $ne: "" } });
    const result = await post(landing, "/api/login", named, {
      headers: { "content-type": "application/json" },
    });
    expect(result.status).toBe(415);
    expect(sessionCookieLines(result)).toEqual([]);
  });

  it("NQ-04: username[$ne]=x&password[$ne]=x → 400, never a login", async () => {
    const person = await signUp(landing);
    for (const body of [
      "username[$ne]=x&password[$ne]=x",
      `username=${person.username}&password[$ne]=x`,
      `username[$regex]=.*&password=${encodeURIComponent(PASSWORD)}`,
      `username=${person.username}&password[$gt]=`,
    ]) {
      const result = await post(landing, "/api/login", body);
      expect(result.status, body).toBe(400);
      expect(sessionCookieLines(result), body).toEqual([]);
    }
    // A bracketed name is just another name: the value is the literal string.
    const literal = await post(landing, "/api/login", {
      username: person.username,
      password: '{"$ne":""}',
    });
    expect(literal.status).toBe(400);
  });

  it("NQ-07: extra fields at sign-up (role, _id, passwordHash…) are not stored", async () => {
    const username = uniqueUsername("extra");
    const givenId = "0123456789abcdef01234567";
    const givenHash =
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    const result = await post(landing, "/api/signup", {
      username,
      password: PASSWORD,
      role: "admin",
      isAdmin: "true",
      _id: givenId,
      passwordHash: givenHash,
      createdAt: "2000-01-01T00:00:00Z",
      "username[$ne]": "x",
    });
    expect(result.status).toBe(303);
    const user = await userDocument(landing, username);
    expect(Object.keys(user ?? {}).sort()).toEqual([
      "_id",
      "createdAt",
      "passwordHash",
      "securityStamp",
      "updatedAt",
      "username",
    ]);
    expect(user?._id).not.toBe(givenId);
    expect(user?.passwordHash).not.toBe(givenHash);
    expect(String(user?.passwordHash)).toMatch(ARGON2ID);
    expect((user?.createdAt as Date).getFullYear()).toBeGreaterThan(2000);
  });
});

describe("oversized and malformed input", () => {
  it("IN-01: a 10 MB body with Content-Length → 413 within 1 s, memory flat; the server carries on", async () => {
    const body = new Uint8Array(10 * MB).fill(0x61);
    const { result, growthMiB } = await withPeakGrowth(() =>
      post(landing, "/api/login", body, { headers: { accept: "application/json" } }),
    );
    expect(growthMiB).toBeLessThan(MEMORY_GROWTH_MIB);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: "payload_too_large" });
    expect(result.ms).toBeLessThan(1_000);
    await expectServerHealthy();
  });

  it("IN-01: a 10 MB streamed body without Content-Length → 413 within 1 s, memory flat; the server carries on", async () => {
    const { result, growthMiB } = await withPeakGrowth(() =>
      postStreamed("/api/login", 10 * MB, 3_000),
    );
    expect(growthMiB).toBeLessThan(MEMORY_GROWTH_MIB);
    await expectServerHealthy();
    expect(result).toMatchObject({ status: 413, body: '{"error":"payload_too_large"}' });
    expect(result.ms).toBeLessThan(1_000);
  });

  it("IN-01: a 20 KB streamed body without Content-Length → 413 (the 16 KiB cap holds for streams)", async () => {
    const result = await postStreamed("/api/signup", 20 * 1024, 3_000);
    await expectServerHealthy();
    expect(result).toMatchObject({ status: 413, body: '{"error":"payload_too_large"}' });
    expect(result.ms).toBeLessThan(1_000);
  });

  it("a small streamed body without Content-Length is read like any other", async () => {
    // 16 KiB of `a`: a single field named aaa…, so no username or password → 400.
    const result = await postStreamed("/api/login", 16 * 1024, 3_000);
    expect(result).toMatchObject({ status: 400, body: '{"error":"invalid_request"}' });
  });

  it("IN-03: Content-Type: application/xml from the right origin → 415", async () => {
    for (const path of ["/api/signup", "/api/login"]) {
      const result = await post(
        landing,
        path,
        `<user><username>${uniqueUsername()}</username><password>${PASSWORD}</password></user>`,
        { headers: { "content-type": "application/xml" } },
      );
      expect(result.status).toBe(415);
      expect(alertMessage(result.body)).toBe("The form was sent in a format we do not accept.");
    }
  });

  it("no Content-Type at all → 415; an empty form → 400", async () => {
    for (const path of ["/api/signup", "/api/login"]) {
      const untyped = await post(landing, path, `username=${uniqueUsername()}&password=x`, {
        headers: { "content-type": "" },
      });
      expect(untyped.status, path).toBe(415);
      const empty = await post(landing, path, "");
      expect(empty.status, path).toBe(400);
      expect(alertMessage(empty.body)).toBe("The form could not be read. Please try again.");
      const emptyMultipart = await post(landing, path, new FormData());
      expect(emptyMultipart.status, path).toBe(400);
    }
  });

  it("a file in the password field (multipart) → 400", async () => {
    const person = await signUp(landing);
    const form = new FormData();
    form.set("username", person.username);
    form.set("password", new Blob([PASSWORD], { type: "text/plain" }), "password.txt");
    const login = await post(landing, "/api/login", form);
    expect(login.status).toBe(400);
    expect(sessionCookieLines(login)).toEqual([]);

    const username = uniqueUsername();
    const signupForm = new FormData();
    signupForm.set("username", username);
    signupForm.set("password", new Blob([PASSWORD]), "password.txt");
    expect((await post(landing, "/api/signup", signupForm)).status).toBe(400);
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("a repeated username or password field → 400", async () => {
    const person = await signUp(landing);
    const other = uniqueUsername();
    const pass = encodeURIComponent(PASSWORD);
    for (const [path, body] of [
      ["/api/login", `username=${other}&username=${person.username}&password=${pass}`],
      ["/api/login", `username=${person.username}&password=wrong-one&password=${pass}`],
      ["/api/signup", `username=${other}&username=${uniqueUsername()}&password=${pass}`],
    ] as const) {
      const result = await post(landing, path, body);
      expect(result.status, body).toBe(400);
      expect(sessionCookieLines(result)).toEqual([]);
    }
    const form = new FormData();
    form.append("username", person.username);
    form.append("username", person.username);
    form.append("password", PASSWORD);
    expect((await post(landing, "/api/login", form)).status).toBe(400);
    expect(await userDocument(landing, other)).toBeNull();
  });

  it.each([
    ["%FF (not UTF-8)", "%FF"],
    ["a truncated sequence", "%E2%82"],
    ["an overlong encoding", "%C0%AF"],
    ["an encoded surrogate", "%ED%A0%80"],
  ])("percent-encoded invalid UTF-8 — %s → 400, nothing stored", async (_label, bad) => {
    const username = uniqueUsername();
    const result = await post(
      landing,
      "/api/signup",
      `username=${username}&password=long-enough-${bad}-pass`,
    );
    expect(result.status).toBe(400);
    expect(alertMessage(result.body)).toBe("The form could not be read. Please try again.");
    expect(await userDocument(landing, username)).toBeNull();
    expectNoStackTrace(result.body);
  });

  it("raw invalid UTF-8 bytes in the body → 400, url-encoded or multipart", async () => {
    const username = uniqueUsername();
    const encoder = new TextEncoder();
    const raw = Uint8Array.from([
      ...encoder.encode(`username=${username}&password=long-enough-`),
      0xff,
      0xfe,
      ...encoder.encode("-pass"),
    ]);
    expect((await post(landing, "/api/signup", raw)).status).toBe(400);

    const boundary = "----boundary7MA4YWxkTrZu0gW";
    const multipart = Uint8Array.from([
      ...encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n${username}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\nlong-enough-`,
      ),
      0xc3,
      0x28,
      ...encoder.encode(`-pass\r\n--${boundary}--\r\n`),
    ]);
    const result = await post(landing, "/api/signup", multipart, {
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(result.status).toBe(400);
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("a malformed multipart body → 400, no stack trace", async () => {
    const result = await post(landing, "/api/login", "this is not multipart", {
      headers: { "content-type": "multipart/form-data; boundary=nothing-like-it" },
    });
    expect(result.status).toBe(400);
    expectNoStackTrace(result.body);
    const noBoundary = await post(landing, "/api/login", "--x\r\n", {
      headers: { "content-type": "multipart/form-data" },
    });
    expect(noBoundary.status).toBe(400);
  });
});

describe("IN-04: bad bodies on every route", () => {
  const multipart = { "content-type": "multipart/form-data; boundary=zzz" };

  it.each(["/", "/login", "/signup", "/nowhere"])(
    "a page takes no POST: %s answers 405 with Allow, whatever the body",
    async (path) => {
      for (const [body, headers] of [
        ["garbage", multipart],
        ["username=a&password=b", {}],
      ] as const) {
        const result = await post(landing, path, body, { headers });
        expect(result.status).toBe(405);
        expect(result.headers.get("allow")).toBe("GET, HEAD");
        expectNoStackTrace(result.body);
      }
    },
  );

  it.each(["PUT", "PATCH", "DELETE"])("%s on a page → 405", async (method) => {
    const result = await post(landing, "/login", null, { method });
    expect(result.status).toBe(405);
  });

  it("sign-out reads no body: one that is not multipart changes nothing about it", async () => {
    const result = await post(landing, "/api/logout", "garbage", { headers: multipart });
    expect(result.status).toBe(303);
  });

  it.each(["/api/login", "/api/signup"])(
    "%s with a multipart body that is not multipart → 400, never 500",
    async (path) => {
      const result = await post(landing, path, "garbage", { headers: multipart });
      expect(result.status).toBe(400);
      expectNoStackTrace(result.body);
    },
  );
});

describe("the server's log after all of the above (LG-01)", () => {
  it("holds no password that was sent and no hash", () => {
    const logs = landing.app.logs();
    for (const password of [
      PASSWORD,
      "xq7#Lm2!",
      "🐙🦑🐚🦀🐡🐠🐟🦞",
      "é".repeat(256),
      "x7".repeat(50),
      "shared by two 4 sure",
      "0-long-pw!1-long-pw!",
      "long-enough-",
    ]) {
      expect(logs).not.toContain(password);
    }
    expect(logs).not.toContain("$argon2");
    // It did record the refusals, by reason.
    const reasons = new Set(authEvents(logs).map((event) => event.reason));
    for (const reason of [
      "password_too_short",
      "password_too_long",
      "password_common",
      "password_contains_username",
    ]) {
      expect(reasons.has(reason), reason).toBe(true);
    }
  });
});
