// Signing in through an OpenID provider, through the core, against a real one running here
// (oidc-provider, the certified implementation): new accounts, known identities, the second
// factor after a provider, linking and unlinking (OA-01 to OA-10 in docs/security.md).
import { TEST_ENCRYPTION_KEY } from "@monorepo-auth/testing/encryption-key";
import { startOidcProvider, type TestOidcProvider } from "@monorepo-auth/testing/oidc-provider";
import { authenticatorCode } from "@monorepo-auth/testing/totp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";
const CALLBACK = "http://localhost:4321/api/oauth/callback/oidc";
const MINUTE = 60_000;

describe("sign-in through an OpenID provider", () => {
  let t: TestAuth;
  let provider: TestOidcProvider;
  let people = 0;

  beforeAll(async () => {
    provider = await startOidcProvider({ redirectUris: [CALLBACK] });
    t = createTestAuth({
      env: {
        IP_ATTEMPT_LIMIT: "1000",
        AUTH_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_NAME: "Test ID",
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  /** Someone with an account at the provider. */
  function person(claims: { email?: string; emailVerified?: boolean } = {}) {
    const subject = `person-${String(++people)}-${String(Date.now())}`;
    provider.addAccount({ subject, preferredUsername: `Pat ${String(people)}`, ...claims });
    return subject;
  }

  const cookies = (parts: Record<string, string | undefined>) =>
    new Headers({
      cookie: Object.entries(parts)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${name}=${String(value)}`)
        .join("; "),
    });

  /** The provider's button: the flow's cookie value and where the browser is sent. */
  async function start(returnTo = "") {
    const started = await t.auth.startProviderSignIn({
      providerId: "oidc",
      returnTo,
      client: CLIENT,
    });
    if (!started.ok) throw new Error(started.error);
    return started;
  }

  /** A whole round trip as `subject`, the browser holding `session` (if any) as well. */
  async function roundTrip(
    subject: string,
    session?: string,
    flow?: { url: string; token: string },
  ) {
    const started = flow ?? (await start());
    const url = await provider.authorize(started.url, subject);
    return t.auth.providerCallback({
      providerId: "oidc",
      url,
      headers: cookies({ oauth: started.token, session }),
      client: session ? { ...CLIENT, sessionTokens: [session] } : CLIENT,
    });
  }

  async function newAccount(subject: string, username?: string) {
    const result = await roundTrip(subject);
    if (!result?.ok || result.outcome !== "choose-username") throw new Error("no sign-up offered");
    const waiting = await t.auth.providerSignUp(cookies({ oauth: result.flow.token }));
    const made = await t.auth.finishProviderSignUp({
      headers: cookies({ oauth: result.flow.token }),
      username: username ?? waiting?.suggestedUsername ?? "",
      client: CLIENT,
    });
    if (!made.ok) throw new Error(made.error);
    return made;
  }

  async function passwordUser(email?: string) {
    const signedUp = await t.auth.signUp({
      username: `pw${String(++people)}`,
      password: PASSWORD,
      ...CLIENT,
    });
    if (!signedUp.ok) throw new Error(signedUp.error);
    if (email) {
      const mailed = await t.auth.startEmailVerification({ userId: signedUp.user.id, email });
      if (!mailed.ok) throw new Error(mailed.error);
      // The token is in the mailed link's fragment.
      const link = /https?:\/\/\S+/.exec(mailed.mail.text)?.[0] ?? "";
      const verified = await t.auth.verifyEmail(link.split("#")[1] ?? "");
      if (!verified.ok) throw new Error(verified.error);
    }
    return signedUp;
  }

  it("OA-03: asks for PKCE S256, state and a nonce, and keeps them for this browser only", async () => {
    const started = await start();
    const url = new URL(started.url);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(url.searchParams.get("scope")).toBe("openid email profile");
    // The verifier never leaves the server: only its hash is in the URL.
    expect(started.url).not.toContain(started.token);
  });

  it("OA-08: a new person chooses a username; the account has the identity and no password", async () => {
    const subject = person({ email: `pat${String(people + 1)}@example.com`, emailVerified: true });
    const made = await newAccount(subject);
    expect(made.user.username).toMatch(/^pat-\d+$/);
    expect(made.session.method).toBe("oidc");
    const methods = await t.auth.signInMethods(made.user.id);
    expect(methods.password).toBe(false);
    expect(methods.identities).toEqual([expect.objectContaining({ provider: "oidc", subject })]);
    // The address the provider verified is the account's, verified.
    expect(await t.auth.accountEmail(made.user.id)).toMatchObject({ verified: true });
    // No password signs in to it, not even an empty one.
    const tried = await t.auth.logIn({ username: made.user.username, password: "", ...CLIENT });
    expect(tried).toMatchObject({ ok: false, error: "invalid_credentials" });

    // Back again: straight in, as the same user.
    const again = await roundTrip(subject);
    expect(again).toMatchObject({ ok: true, outcome: "signed-in", user: made.user });
  });

  it("proposes a free username, and the person may choose another", async () => {
    const first = await newAccount(person());
    const subject = person();
    provider.addAccount({ subject, preferredUsername: first.user.username });
    const result = await roundTrip(subject);
    if (!result?.ok || result.outcome !== "choose-username") throw new Error("no sign-up offered");
    const headers = cookies({ oauth: result.flow.token });
    const waiting = await t.auth.providerSignUp(headers);
    expect(waiting?.suggestedUsername).toBe(`${first.user.username}-2`);
    // A taken name keeps the page usable; a free one makes the account.
    const taken = await t.auth.finishProviderSignUp({
      headers,
      username: first.user.username,
      client: CLIENT,
    });
    expect(taken).toMatchObject({ ok: false, error: "username_taken" });
    const chosen = `chosen${String(people)}`;
    const made = await t.auth.finishProviderSignUp({ headers, username: chosen, client: CLIENT });
    expect(made).toMatchObject({ ok: true, user: { username: chosen } });
    // Spent: the same page cannot make a second account.
    const twice = await t.auth.finishProviderSignUp({
      headers,
      username: `${chosen}x`,
      client: CLIENT,
    });
    expect(twice).toMatchObject({ ok: false, error: "pending_sign_in_invalid" });
  });

  it("OA-06: an unverified address matching an account joins nothing and takes nothing", async () => {
    const owner = await passwordUser(`owner${String(people)}@example.com`);
    const address = (await t.auth.accountEmail(owner.user.id))?.address ?? "";
    const result = await roundTrip(person({ email: address, emailVerified: false }));
    // A new account is offered, without the address; the owner's account is untouched.
    expect(result).toMatchObject({ ok: true, outcome: "choose-username" });
    if (!result?.ok || result.outcome !== "choose-username") return;
    const waiting = await t.auth.providerSignUp(cookies({ oauth: result.flow.token }));
    expect(waiting?.email).toBeNull();
    expect(await t.auth.accountEmail(owner.user.id)).toEqual({ address, verified: true });
    expect((await t.auth.signInMethods(owner.user.id)).identities).toEqual([]);
  });

  it("OA-06: a verified address an account holds is not taken over: its owner links instead", async () => {
    const owner = await passwordUser(`holder${String(people)}@example.com`);
    const address = (await t.auth.accountEmail(owner.user.id))?.address ?? "";
    const result = await roundTrip(person({ email: address, emailVerified: true }));
    expect(result).toMatchObject({ ok: false, error: "email_in_use" });
    expect((await t.auth.signInMethods(owner.user.id)).identities).toEqual([]);
    expect(t.events.at(-1)).toMatchObject({
      type: "provider_sign_in_refused",
      reason: "oidc:email_in_use",
    });
  });

  it("a locked account is not signed in through its provider either", async () => {
    const made = await newAccount(person());
    const subject = (await t.auth.signInMethods(made.user.id)).identities[0]?.subject ?? "";
    const { User } = await t.database.models();
    await User.updateOne({ _id: made.user.id }, { $set: { lockedAt: new Date() } }).exec();
    expect(await roundTrip(subject)).toMatchObject({ ok: false, error: "account_locked" });
  });

  it("an identity whose user was deleted by hand offers a new account, which gets it", async () => {
    const made = await newAccount(person());
    const subject = (await t.auth.signInMethods(made.user.id)).identities[0]?.subject ?? "";
    const { User } = await t.database.models();
    await User.deleteOne({ _id: made.user.id }).exec();
    const again = await newAccount(subject, `again${String(people)}`);
    expect(again.user.id).not.toBe(made.user.id);
    expect(await roundTrip(subject)).toMatchObject({ outcome: "signed-in", user: again.user });
  });

  it("OA-10: a second factor is still asked after the provider", async () => {
    const made = await newAccount(person());
    const started = await t.auth.startAuthenticatorSetup(made.user);
    if (!started.ok) throw new Error(started.error);
    const confirmed = await t.auth.confirmAuthenticatorSetup({
      user: made.user,
      code: authenticatorCode(started.secret, t.clock()),
      currentSessionId: made.session.id,
      ip: CLIENT.ip,
    });
    if (!confirmed.ok) throw new Error(confirmed.error);
    t.clock.advance(MINUTE);
    const subject = (await t.auth.signInMethods(made.user.id)).identities[0]?.subject ?? "";

    const result = await roundTrip(subject);
    if (!result?.ok || result.outcome !== "second-step") throw new Error("no second step");
    const headers = cookies({ pending: result.pending.token });
    const finished = await t.auth.completeSignIn({
      headers,
      code: authenticatorCode(started.secret, t.clock()),
      client: CLIENT,
    });
    expect(finished).toMatchObject({ ok: true, user: made.user, session: { method: "oidc+totp" } });
  });

  describe("linking", () => {
    async function link(
      signedIn: {
        user: { id: string; username: string };
        session: Awaited<ReturnType<typeof t.auth.listSessions>>[number];
        token: string;
      },
      subject: string,
      confirm: { password?: string; code?: string } = { password: PASSWORD },
    ) {
      const started = await t.auth.startIdentityLink({
        user: signedIn.user,
        session: signedIn.session,
        providerId: "oidc",
        password: confirm.password ?? "",
        code: confirm.code ?? "",
        ip: CLIENT.ip,
        returnTo: "http://localhost:3000/account",
      });
      if (!started.ok) return started;
      return roundTrip(subject, signedIn.token, started);
    }

    it("OA-09: the owner links from inside, with the password; the provider then signs in to them", async () => {
      const owner = await passwordUser();
      const subject = person();
      expect(await link(owner, subject, { password: "wrong password 1" })).toMatchObject({
        ok: false,
        error: "current_password_wrong",
      });
      const linked = await link(owner, subject);
      expect(linked).toMatchObject({
        ok: true,
        outcome: "linked",
        returnTo: "http://localhost:3000/account",
      });
      expect(await roundTrip(subject)).toMatchObject({
        ok: true,
        outcome: "signed-in",
        user: owner.user,
      });
    });

    it("OA-07: another person's identity cannot be linked", async () => {
      const holder = await newAccount(person());
      const subject = (await t.auth.signInMethods(holder.user.id)).identities[0]?.subject ?? "";
      const other = await passwordUser();
      expect(await link(other, subject)).toMatchObject({ ok: false, error: "identity_taken" });
      expect(await roundTrip(subject)).toMatchObject({
        ok: true,
        outcome: "signed-in",
        user: holder.user,
      });
    });

    it("OA-09: a link finished after signing out, or in another browser, links nothing", async () => {
      const owner = await passwordUser();
      const started = await t.auth.startIdentityLink({
        user: owner.user,
        session: owner.session,
        providerId: "oidc",
        password: PASSWORD,
        code: "",
        ip: CLIENT.ip,
        returnTo: "",
      });
      if (!started.ok) throw new Error(started.error);
      await t.auth.logOut({ ...CLIENT, sessionTokens: [owner.token] });
      const subject = person();
      expect(await roundTrip(subject, owner.token, started)).toMatchObject({
        ok: false,
        error: "provider_sign_in_failed",
      });
      expect((await t.auth.signInMethods(owner.user.id)).identities).toEqual([]);
    });

    it("OA-09: an account without a password confirms with a recent sign-in", async () => {
      const made = await newAccount(person());
      const sessions = await t.auth.listSessions(made.user.id);
      const session = sessions[0];
      if (!session) throw new Error("no session");
      t.clock.advance(11 * MINUTE);
      const late = await link({ ...made, session }, person(), {});
      expect(late).toMatchObject({ ok: false, error: "reauthentication_required" });
    });
  });

  describe("a first password", () => {
    it("OA-09: an account made through a provider sets one after a recent sign-in, then logs in with it", async () => {
      const made = await newAccount(person());
      const password = "a first password 3";
      const set = await t.auth.changePassword({
        user: made.user,
        currentSessionId: made.session.id,
        sessionStartedAt: made.session.createdAt,
        currentPassword: "",
        newPassword: password,
        ip: CLIENT.ip,
      });
      expect(set).toEqual({ ok: true, endedSessions: 0, first: true });
      expect((await t.auth.signInMethods(made.user.id)).password).toBe(true);
      const loggedIn = await t.auth.logIn({ username: made.user.username, password, ...CLIENT });
      expect(loggedIn).toMatchObject({ ok: true, user: made.user });
    });

    it("OA-09: a stale session of such an account cannot set one", async () => {
      const made = await newAccount(person());
      t.clock.advance(11 * MINUTE);
      const set = await t.auth.changePassword({
        user: made.user,
        currentSessionId: made.session.id,
        sessionStartedAt: made.session.createdAt,
        currentPassword: "",
        newPassword: "a first password 3",
        ip: CLIENT.ip,
      });
      expect(set).toMatchObject({ ok: false, error: "reauthentication_required" });
      expect((await t.auth.signInMethods(made.user.id)).password).toBe(false);
    });
  });

  describe("unlinking", () => {
    it("OA-09: refuses to leave an account with no way in", async () => {
      const made = await newAccount(person());
      const [identity] = (await t.auth.signInMethods(made.user.id)).identities;
      if (!identity) throw new Error("no identity");
      const unlinked = await t.auth.unlinkIdentity({
        user: made.user,
        session: made.session,
        provider: identity.provider,
        subject: identity.subject,
        password: "",
        code: "",
        ip: CLIENT.ip,
      });
      expect(unlinked).toMatchObject({ ok: false, error: "last_sign_in_method" });
      expect((await t.auth.signInMethods(made.user.id)).identities).toHaveLength(1);
    });

    it("OA-09: two unlinks at once cannot together leave no way in", async () => {
      const made = await newAccount(person());
      const second = person();
      const started = await t.auth.startIdentityLink({
        user: made.user,
        session: made.session,
        providerId: "oidc",
        password: "",
        code: "",
        ip: CLIENT.ip,
        returnTo: "",
      });
      if (!started.ok) throw new Error(started.error);
      expect(await roundTrip(second, made.token, started)).toMatchObject({ outcome: "linked" });
      const identities = (await t.auth.signInMethods(made.user.id)).identities;
      expect(identities).toHaveLength(2);
      const results = await Promise.all(
        identities.map((identity) =>
          t.auth.unlinkIdentity({
            user: made.user,
            session: made.session,
            provider: identity.provider,
            subject: identity.subject,
            password: "",
            code: "",
            ip: CLIENT.ip,
          }),
        ),
      );
      expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(1);
      expect((await t.auth.signInMethods(made.user.id)).identities.length).toBeGreaterThanOrEqual(
        1,
      );
    });

    it("OA-09: with a password left, unlinks and ends the other sessions", async () => {
      const owner = await passwordUser();
      const subject = person();
      const started = await t.auth.startIdentityLink({
        user: owner.user,
        session: owner.session,
        providerId: "oidc",
        password: PASSWORD,
        code: "",
        ip: CLIENT.ip,
        returnTo: "",
      });
      if (!started.ok) throw new Error(started.error);
      await roundTrip(subject, owner.token, started);
      const elsewhere = await roundTrip(subject);
      expect(elsewhere).toMatchObject({ outcome: "signed-in" });
      const unlinked = await t.auth.unlinkIdentity({
        user: owner.user,
        session: owner.session,
        provider: "oidc",
        subject,
        password: PASSWORD,
        code: "",
        ip: CLIENT.ip,
      });
      expect(unlinked).toEqual({ ok: true, endedSessions: 1 });
      // The provider now offers a new account, not the owner's.
      expect(await roundTrip(subject)).toMatchObject({ outcome: "choose-username" });
    });
  });
});
