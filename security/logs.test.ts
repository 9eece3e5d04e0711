// LG-01: the auth events of a session of use, across both apps, each with time, client
// IP and username — and not one password, token or hash anywhere in either app's output,
// mailed links' tokens included.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import { postForm, request, sessionTokenFrom } from "@monorepo-auth/testing/http";
import { authEvents } from "@monorepo-auth/testing/logs";
import { linkIn, waitForMail } from "@monorepo-auth/testing/mailpit";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { uniqueEmail } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("LG-01: the auth event log", () => {
  let apps: TestApps<"landing" | "web">;
  let landing: AppServer;
  let web: AppServer;
  const secrets: string[] = [];

  beforeAll(async () => {
    apps = await startTestApps(["landing", "web"], { env: { TRUST_PROXY_HOPS: "1" } });
    ({ landing, web } = apps);

    const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
    secrets.push(PASSWORD);
    const { token: signedUp } = await signUp(apps, { username: "logged" }, { ip: "198.51.100.7" });
    secrets.push(signedUp);
    const wrong = "a-wrong-password-123";
    secrets.push(wrong);
    await postForm(
      `${landing.url}/api/login`,
      { username: "logged", password: wrong },
      from("198.51.100.8"),
    );
    const loggedIn = await postForm(
      `${landing.url}/api/login`,
      { username: "LOGGED", password: PASSWORD },
      from("198.51.100.9"),
    );
    const token = sessionTokenFrom(loggedIn) ?? "";
    secrets.push(token);
    for (let index = 0; index < 11; index++) {
      const guess = `guess-number-${String(index)}`;
      secrets.push(guess);
      await postForm(
        `${landing.url}/api/login`,
        { username: "locked-out", password: guess },
        from("198.51.100.10"),
      );
    }
    await request(`${web.url}/api/me`, { cookie: `session=${token}` });
    await postForm(`${web.url}/api/logout`, {}, { cookie: `session=${token}` });
    await postForm(
      `${landing.url}/api/logout`,
      {},
      { cookie: `session=${signedUp}`, ...from("198.51.100.11") },
    );

    // An address verified, a password forgotten and reset through the mailed links.
    const email = uniqueEmail("logged");
    await postForm(
      `${landing.url}/api/signup`,
      { username: "mailed-too", password: PASSWORD, email },
      from("198.51.100.12"),
    );
    const [verification] = await waitForMail(email);
    const verifyLink = verification ? linkIn(verification, landing.url) : "";
    secrets.push(verifyLink.split("#")[1] ?? "");
    await postForm(`${landing.url}/api/verify-email`, { link: verifyLink }, from("198.51.100.13"));
    await postForm(
      `${landing.url}/api/forgot-password`,
      { identifier: email },
      from("198.51.100.13"),
    );
    const [reset] = await waitForMail(email, { subject: /^Reset/ });
    const resetLink = reset ? linkIn(reset, landing.url) : "";
    secrets.push(resetLink.split("#")[1] ?? "");
    const newPassword = "a-new-password-after-reset";
    secrets.push(newPassword);
    const resetDone = await postForm(
      `${landing.url}/api/reset-password`,
      { link: resetLink, password: newPassword },
      from("198.51.100.14"),
    );
    secrets.push(sessionTokenFrom(resetDone) ?? "");
  });
  afterAll(async () => {
    await apps.stop();
  });

  it("records each event with its time, the client's IP and the canonical username", () => {
    const logged = [...authEvents(landing.logs()), ...authEvents(web.logs())];
    const find = (type: string, ip?: string) =>
      logged.find((event) => event.type === type && (ip === undefined || event.ip === ip));
    expect(find("signup", "198.51.100.7")).toMatchObject({ username: "logged" });
    expect(find("login_failed", "198.51.100.8")).toMatchObject({ username: "logged" });
    expect(find("login_succeeded", "198.51.100.9")).toMatchObject({ username: "logged" });
    expect(find("login_throttled", "198.51.100.10")).toMatchObject({ username: "locked-out" });
    expect(find("logout", "198.51.100.11")).toMatchObject({ username: "logged" });
    expect(find("email_verified")?.userId).toMatch(/^[\w-]{22}$/);
    expect(find("password_reset_requested", "198.51.100.13")).toBeDefined();
    expect(find("password_reset", "198.51.100.14")).toMatchObject({ username: "mailed-too" });
    // Signing out on web is logged by web.
    expect(authEvents(web.logs()).find((event) => event.type === "logout")).toMatchObject({
      username: "logged",
    });
    for (const event of logged) {
      expect(Date.parse(event.time)).not.toBeNaN();
      expect(event.ip).toMatch(/^[\d.:a-f]+$/);
    }
  });

  it("contains no password, token, token secret or hash, in either app's output", () => {
    const output = landing.logs() + web.logs();
    expect(secrets.every((secret) => secret.length > 8)).toBe(true);
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      const [, tokenSecret] = secret.split(".");
      if (tokenSecret) expect(output).not.toContain(tokenSecret);
    }
    expect(output).not.toMatch(/\$argon2/);
    expect(output).not.toMatch(/secretHash|passwordHash/);
  });
});
