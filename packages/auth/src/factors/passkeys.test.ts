// Passkeys through the core, answered by a software authenticator with real P-256
// signatures: added with user verification, used to sign in alone, and every WebAuthn
// check held (PK-01 to PK-05).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { softAuthenticator } from "@monorepo-auth/testing/soft-authenticator";
import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import type { SessionUser } from "../session/session.ts";

const PASSWORD = "correct horse 7";
const LANDING = "http://localhost:4321";
const WEB = "http://localhost:3000";

describe("passkeys", () => {
  let t: TestAuth;
  let users = 0;
  const authenticator = softAuthenticator({ origin: WEB, rpId: "localhost" });
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newUser() {
    const signedUp = await t.auth.signUp({
      username: `keyed${String(++users)}`,
      password: PASSWORD,
      ...CLIENT,
    });
    if (!signedUp.ok) throw new Error(signedUp.error);
    return signedUp;
  }

  /** Adds a passkey for `user` on web; returns its credential id. */
  async function addPasskey(user: SessionUser, sessionId: string, name = "Laptop") {
    const { challengeId, options } = await t.auth.startPasskeyRegistration(user);
    const response = authenticator.create(options);
    const added = await t.auth.finishPasskeyRegistration({
      user,
      challengeId,
      response,
      name,
      currentSessionId: sessionId,
      ip: CLIENT.ip,
    });
    if (!added.ok) throw new Error(added.error);
    return added.passkey.id;
  }

  const signInWith = async (id: string, misbehave = {}) => {
    const { challengeId, options } = await t.auth.startPasskeySignIn();
    const response = authenticator.get(options, id, misbehave);
    return t.auth.finishPasskeySignIn({ challengeId, response, client: CLIENT });
  };

  it("PK-01: a passkey added on one app signs in alone on another, as `passkey`", async () => {
    const { user, session } = await newUser();
    const other = await t.auth.logIn({ username: user.username, password: PASSWORD, ...CLIENT });
    if (!other.ok) throw new Error(other.error);
    const id = await addPasskey(user, session.id);
    // Adding a passkey, like turning on an app, ends the other sessions.
    expect((await t.auth.validateSessionToken(other.token)).session).toBeNull();
    expect(await t.auth.listPasskeys(user.id)).toEqual([
      { id, name: "Laptop", createdAt: t.clock(), lastUsedAt: null },
    ]);

    const { challengeId, options } = await t.auth.startPasskeySignIn();
    expect(options.rpId).toBe("localhost");
    expect(options.userVerification).toBe("required");
    const signedIn = await t.auth.finishPasskeySignIn({
      challengeId,
      // Added on web, used on landing: one relying party for every app.
      response: authenticator.get(options, id, { origin: LANDING }),
      client: CLIENT,
    });
    if (!signedIn.ok) throw new Error(signedIn.error);
    expect(signedIn.user.id).toBe(user.id);
    expect(signedIn.session.method).toBe("passkey");
    expect((await t.auth.listPasskeys(user.id))[0]?.lastUsedAt).toEqual(t.clock());
  });

  it("PK-02: a challenge is good once, for its own ceremony only", async () => {
    const { user, session } = await newUser();
    const id = await addPasskey(user, session.id);
    const { challengeId, options } = await t.auth.startPasskeySignIn();
    const response = authenticator.get(options, id);
    expect((await t.auth.finishPasskeySignIn({ challengeId, response, client: CLIENT })).ok).toBe(
      true,
    );
    expect(await t.auth.finishPasskeySignIn({ challengeId, response, client: CLIENT })).toEqual({
      ok: false,
      error: "passkey_invalid",
    });
    // A registration's challenge does not sign in, nor a made-up one.
    const registration = await t.auth.startPasskeyRegistration(user);
    for (const wrong of [registration.challengeId, "x".repeat(22), "", 42]) {
      const answer = authenticator.get({ challenge: registration.options.challenge }, id);
      expect(
        await t.auth.finishPasskeySignIn({ challengeId: wrong, response: answer, client: CLIENT }),
      ).toEqual({ ok: false, error: "passkey_invalid" });
    }
  });

  it("PK-03: another origin or relying party, or no user verification, is refused", async () => {
    const { user, session } = await newUser();
    const id = await addPasskey(user, session.id);
    for (const misbehave of [
      { origin: "https://evil.example" },
      { origin: "http://localhost:4322" },
      { rpId: "evil.example" },
      { userVerified: false },
    ]) {
      expect(await signInWith(id, misbehave)).toEqual({ ok: false, error: "passkey_invalid" });
    }
    // Nor can one be added that way.
    for (const misbehave of [{ origin: "https://evil.example" }, { userVerified: false }]) {
      const { challengeId, options } = await t.auth.startPasskeyRegistration(user);
      const added = await t.auth.finishPasskeyRegistration({
        user,
        challengeId,
        response: authenticator.create(options, misbehave),
        name: "Bad",
        currentSessionId: session.id,
        ip: CLIENT.ip,
      });
      expect(added).toEqual({ ok: false, error: "passkey_invalid" });
    }
  });

  it("PK-04: a counter that goes backwards (a cloned authenticator) is refused", async () => {
    const { user, session } = await newUser();
    const id = await addPasskey(user, session.id);
    expect((await signInWith(id, { counter: 5 })).ok).toBe(true);
    expect(await signInWith(id, { counter: 3 })).toEqual({ ok: false, error: "passkey_invalid" });
    expect(await signInWith(id, { counter: 5 })).toEqual({ ok: false, error: "passkey_invalid" });
    expect((await signInWith(id, { counter: 6 })).ok).toBe(true);
  });

  it("PK-05: a passkey answering for another user, or another user's challenge, gets nothing", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const id = await addPasskey(alice.user, alice.session.id);
    const bobHandle = Buffer.from(bob.user.id).toString("base64url");
    expect(await signInWith(id, { userHandle: bobHandle })).toEqual({
      ok: false,
      error: "passkey_invalid",
    });
    // Alice's registration challenge cannot add a passkey to Bob.
    const { challengeId, options } = await t.auth.startPasskeyRegistration(alice.user);
    const added = await t.auth.finishPasskeyRegistration({
      user: bob.user,
      challengeId,
      response: authenticator.create(options),
      name: "Stolen",
      currentSessionId: bob.session.id,
      ip: CLIENT.ip,
    });
    expect(added).toEqual({ ok: false, error: "passkey_invalid" });
    expect(await t.auth.listPasskeys(bob.user.id)).toEqual([]);
  });

  it("PK-06: removing a passkey needs the password; renaming touches only one's own", async () => {
    const { user, session } = await newUser();
    const other = await newUser();
    const id = await addPasskey(user, session.id);
    const input = { user, id, currentSessionId: session.id, ip: CLIENT.ip };
    expect(await t.auth.removePasskey({ ...input, password: "not mine" })).toMatchObject({
      ok: false,
      error: "current_password_wrong",
    });
    expect(await t.auth.renamePasskey({ user: other.user, id, name: "Mine now" })).toEqual({
      ok: false,
      error: "not_found",
    });
    expect(await t.auth.renamePasskey({ user, id, name: "  Phone  " })).toEqual({ ok: true });
    expect((await t.auth.listPasskeys(user.id))[0]?.name).toBe("Phone");
    expect(await t.auth.removePasskey({ ...input, password: PASSWORD })).toMatchObject({
      ok: true,
    });
    expect(await signInWith(id)).toEqual({ ok: false, error: "passkey_invalid" });
  });

  it("a locked account does not sign in with its passkey", async () => {
    const { user, session } = await newUser();
    const id = await addPasskey(user, session.id);
    const { User } = await t.database.models();
    await User.updateOne({ _id: user.id }, { $set: { lockedAt: t.clock() } }).exec();
    expect(await signInWith(id)).toEqual({ ok: false, error: "account_locked" });
  });

  it("PK-07: a passkey as the second step: asked after the password, only the user's own, once", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const aliceKey = await addPasskey(alice.user, alice.session.id);
    await addPasskey(bob.user, bob.session.id);
    const password = async (username: string) => {
      const result = await t.auth.logIn({ username, password: PASSWORD, ...CLIENT });
      if (result.ok || !("pending" in result)) throw new Error("expected a second step");
      return new Headers({ cookie: `pending=${result.pending.token}` });
    };
    expect(await t.auth.pendingFactors(await password(alice.user.username))).toEqual({
      totp: false,
      passkeys: true,
    });

    // Bob's pending sign-in, answered by Alice's passkey: nothing.
    const bobs = await password(bob.user.username);
    const bobStart = await t.auth.startPasskeySecondStep(bobs);
    if (!bobStart.ok) throw new Error(bobStart.error);
    expect(bobStart.options.allowCredentials?.map(({ id }) => id)).not.toContain(aliceKey);
    const stolen = authenticator.get(bobStart.options, aliceKey);
    expect(
      await t.auth.finishPasskeySecondStep({
        headers: bobs,
        challengeId: bobStart.challengeId,
        response: stolen,
        client: CLIENT,
      }),
    ).toEqual({ ok: false, error: "passkey_invalid" });

    // Alice's own, user presence enough; once.
    const alices = await password(alice.user.username);
    const started = await t.auth.startPasskeySecondStep(alices);
    if (!started.ok) throw new Error(started.error);
    const answer = authenticator.get(started.options, aliceKey, { userVerified: false });
    const input = {
      headers: alices,
      challengeId: started.challengeId,
      response: answer,
      client: CLIENT,
    };
    const done = await t.auth.finishPasskeySecondStep(input);
    expect(done.ok ? done.session.method : done.error).toBe("password+passkey");
    expect(await t.auth.finishPasskeySecondStep(input)).toEqual({
      ok: false,
      error: "pending_sign_in_invalid",
    });
    // Without a pending sign-in there is no challenge to answer.
    expect(await t.auth.startPasskeySecondStep(new Headers())).toEqual({
      ok: false,
      error: "pending_sign_in_invalid",
    });
  });
});
