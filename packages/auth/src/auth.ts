import type { Database } from "@monorepo-auth/db/database";
import { findUserById } from "@monorepo-auth/db/users";
import type { Mailer } from "@monorepo-auth/mail/mailer";

import { openAdminConsole } from "./admin/admin-console.ts";
import { changeAdminRoleFromCommandLine } from "./admin/command-line.ts";
import { confirmPassword } from "./admin/step-up.ts";
import type { AuthContext } from "./auth-context.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { AuthSettings } from "./config/environment.ts";
import { jsonLinesSink, type AuthEvent, type AuthEventSink } from "./events.ts";
import { BREACH_CHECK_TIMEOUT_MS } from "./password/breached-password.ts";
import { createHashLimiter, type HashLimits } from "./password/hash-limiter.ts";
import { serializeDeviceCookie } from "./device/device-cookie.ts";
import { appSecurityHeaders } from "./http/security-headers.ts";
import {
  authenticatorStatus,
  confirmAuthenticatorSetup,
  disableAuthenticator,
  regenerateRecoveryCodes,
  startAuthenticatorSetup,
} from "./factors/authenticator-app.ts";
import {
  readPendingCookie,
  serializePendingCookie,
  serializePendingCookieDeletion,
} from "./factors/pending-cookie.ts";
import {
  finishPasskeySecondStep,
  finishPasskeySignIn,
  startPasskeySecondStep,
  startPasskeySignIn,
} from "./factors/passkey-sign-in.ts";
import {
  finishPasskeyRegistration,
  listPasskeys,
  removePasskey,
  renamePasskey,
  startPasskeyRegistration,
} from "./factors/passkeys.ts";
import { createSecretBox } from "./factors/secret-box.ts";
import { completeSignIn, openPendingSignIn, secondFactorsOf } from "./factors/two-step.ts";
import {
  flowCookieAttributes,
  flowCookieName,
  serializeFlowCookie,
  serializeFlowCookieDeletion,
} from "./providers/flow-cookie.ts";
import { providerApi } from "./providers/provider-api.ts";
import { providerClients } from "./providers/provider-client.ts";
import { describeClient, type Client } from "./request/client.ts";
import { isAllowedRequestOrigin } from "./request/request-origin.ts";
import { safeRedirect } from "./request/safe-redirect.ts";
import { resumeSession, type ResumedSession } from "./session/resume-session.ts";
import {
  readSessionCookies,
  secondsUntil,
  serializeSessionCookie,
  serializeSessionCookieDeletion,
  sessionCookieAttributes,
  sessionCookieName,
  type SessionCookieAttributes,
  type SessionCookieSettings,
} from "./session/session-cookie.ts";
import {
  invalidateSessionToken,
  invalidateUserSessions,
  listSessions,
  revokeUserSession,
  validateSessionToken,
  type Session,
  type SessionUser,
  type SessionValidation,
} from "./session/session.ts";
import { changeEmail, resendVerification, type ChangeEmailInput } from "./mail/account-email.ts";
import { startEmailVerification, verifyEmail } from "./mail/email-verification.ts";
import {
  requestPasswordReset,
  resetPassword,
  type ResetPasswordInput,
} from "./mail/password-reset.ts";
import { changePassword, type ChangePasswordInput } from "./users/change-password.ts";
import { logIn, type LogInInput } from "./users/log-in.ts";
import { signUp, type SignUpInput } from "./users/sign-up.ts";

export interface AuthOptions {
  database: Database;
  settings: AuthSettings;
  /** Where auth events go; one JSON line each on standard output by default. */
  onEvent?: AuthEventSink;
  clock?: Clock;
  hashLimits?: HashLimits;
  /** Used by the breached-password check. */
  fetch?: typeof fetch;
  /** Where mail goes; none by default, and every mail then counts as not sent. */
  mailer?: Pick<Mailer, "send"> | null;
  /** Where a mail server's failures are written; one JSON line on standard error by default. */
  onMailError?: (error: unknown) => void;
}

/**
 * The auth core, bound to one database and one set of settings. Every app (and any later
 * one) uses this object through standard Request, Headers and plain values; framework glue
 * stays in the app. Operations that touch the database reject with DatabaseUnavailableError
 * when it cannot answer; every other outcome is a value.
 */
export function createAuth(options: AuthOptions) {
  const { database, settings } = options;
  const clock = options.clock ?? systemClock;
  const sink = options.onEvent ?? jsonLinesSink((line) => process.stdout.write(line));
  const emit = (event: AuthEvent): void => {
    sink({ time: clock().toISOString(), ...event });
  };
  const lifetime = {
    idleTimeoutMs: settings.sessionIdleTimeoutMs,
    absoluteLifetimeMs: settings.sessionAbsoluteLifetimeMs,
  };
  const context: AuthContext = {
    database,
    lifetime,
    maxSessionsPerUser: settings.maxSessionsPerUser,
    ipBudget: { limit: settings.ipAttemptLimit, windowMs: settings.ipAttemptWindowMs },
    clock,
    hashLimiter: createHashLimiter(options.hashLimits),
    breachCheck: settings.breachedPasswordCheck.enabled
      ? {
          apiUrl: settings.breachedPasswordCheck.apiUrl,
          timeoutMs: BREACH_CHECK_TIMEOUT_MS,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }
      : null,
    landingOrigin: settings.landingOrigin,
    signupEmail: settings.signupEmail,
    relyingParty: {
      id: settings.cookieDomain ?? new URL(settings.landingOrigin).hostname,
      name: new URL(settings.landingOrigin).host,
      origins: settings.appOrigins,
    },
    secretBox: settings.encryptionKeys ? createSecretBox(settings.encryptionKeys) : null,
    mailer: options.mailer ?? null,
    logMailError: options.onMailError ?? writeMailError,
    emit,
    providers: providerClients(settings.providers),
  };
  const cookieSettings: SessionCookieSettings = {
    secure: settings.secureCookies,
    domain: settings.cookieDomain,
  };

  return {
    settings,

    signUp: (input: SignUpInput) => signUp(context, input),
    logIn: (input: LogInInput) => logIn(context, input),
    changePassword: (input: ChangePasswordInput) => changePassword(context, input),

    /** Gives a user a new, unverified address; returns the mail that verifies it, to send. */
    startEmailVerification: (input: { userId: string; email: string }) =>
      startEmailVerification(context, input),
    /** Follows a verification link's token: the address becomes verified, once. */
    verifyEmail: (token: unknown, ip: string | null = null) => verifyEmail(context, token, ip),
    /** A signed-in user's new address (with their password): verified by a mailed link. */
    changeEmail: (input: ChangeEmailInput) => changeEmail(context, input),
    /** Mails the account's unverified address a new link. */
    resendVerification: (input: Parameters<typeof resendVerification>[1]) =>
      resendVerification(context, input),
    /** "Forgot password": the same answer, in the same time, whether or not anyone matches. */
    requestPasswordReset: (input: Parameters<typeof requestPasswordReset>[1]) =>
      requestPasswordReset(context, input),
    /** A new password through a mailed link: every session ends, the person is signed in. */
    resetPassword: (input: ResetPasswordInput) => resetPassword(context, input),

    /** The second step of a sign-in: the pending sign-in the browser holds, and a code. */
    completeSignIn: (input: { headers: Headers; code: string; client: Client }) =>
      completeSignIn(context, {
        pendingToken: readPendingCookie(input.headers.get("cookie"), cookieSettings.secure),
        code: input.code,
        client: input.client,
      }),
    /** Whether the authenticator app is on, and how many recovery codes are left. */
    authenticatorStatus: (userId: string) => authenticatorStatus(context, userId),
    /** A new authenticator key (text and `otpauth://` URI), on once a first code confirms it. */
    startAuthenticatorSetup: (user: SessionUser) => startAuthenticatorSetup(context, user),
    confirmAuthenticatorSetup: (input: Parameters<typeof confirmAuthenticatorSetup>[1]) =>
      confirmAuthenticatorSetup(context, input),
    regenerateRecoveryCodes: (input: Parameters<typeof regenerateRecoveryCodes>[1]) =>
      regenerateRecoveryCodes(context, input),
    disableAuthenticator: (input: Parameters<typeof disableAuthenticator>[1]) =>
      disableAuthenticator(context, input),

    /** Passkeys: added and removed on the account page; a sign-in by a passkey alone. */
    startPasskeyRegistration: (user: SessionUser) => startPasskeyRegistration(context, user),
    finishPasskeyRegistration: (input: Parameters<typeof finishPasskeyRegistration>[1]) =>
      finishPasskeyRegistration(context, input),
    listPasskeys: (userId: string) => listPasskeys(context, userId),
    renamePasskey: (input: Parameters<typeof renamePasskey>[1]) => renamePasskey(context, input),
    removePasskey: (input: Parameters<typeof removePasskey>[1]) => removePasskey(context, input),
    startPasskeySignIn: () => startPasskeySignIn(context),
    /** The second step by a passkey: the pending sign-in in the request's cookie. */
    startPasskeySecondStep: (headers: Headers) =>
      startPasskeySecondStep(
        context,
        readPendingCookie(headers.get("cookie"), cookieSettings.secure),
      ),
    finishPasskeySecondStep: (input: {
      headers: Headers;
      challengeId: unknown;
      response: unknown;
      client: Client;
    }) =>
      finishPasskeySecondStep(context, {
        pendingToken: readPendingCookie(input.headers.get("cookie"), cookieSettings.secure),
        challengeId: input.challengeId,
        response: input.response,
        client: input.client,
      }),
    /** Which second factors the pending sign-in in the request's cookie can be finished with. */
    async pendingFactors(headers: Headers) {
      const opened = await openPendingSignIn(
        context,
        readPendingCookie(headers.get("cookie"), cookieSettings.secure),
      );
      return opened ? secondFactorsOf(context, opened.user.id) : null;
    },
    finishPasskeySignIn: (input: Parameters<typeof finishPasskeySignIn>[1]) =>
      finishPasskeySignIn(context, input),

    ...providerApi(context, cookieSettings),

    /** The account's address and whether it is verified, for the account page; null for none. */
    async accountEmail(userId: string): Promise<{ address: string; verified: boolean } | null> {
      const row = await findUserById(database, userId);
      if (!row?.email) return null;
      return { address: row.email, verified: row.emailVerifiedAt !== null };
    },

    /** Confirms a signed-in user's password again (step-up for destructive admin actions). */
    confirmPassword: (input: Parameters<typeof confirmPassword>[1]) =>
      confirmPassword(context, input),

    /** The admin console for a signed-in user, or "forbidden" unless they are an unlocked admin. */
    openAdminConsole: (acting: Parameters<typeof openAdminConsole>[1]) =>
      openAdminConsole(context, acting),

    /** `npm run admin -- grant|revoke <username>`: never reachable from the web. */
    changeAdminRoleFromCommandLine: (change: "grant" | "revoke", username: string) =>
      changeAdminRoleFromCommandLine(context, change, username),

    validateSessionToken: (token: unknown): Promise<SessionValidation> =>
      validateSessionToken(database, token, lifetime, clock()),

    /**
     * The one way every app learns who is signed in: the session from the request's cookie,
     * validated against the database, and the `Set-Cookie` to send back (the expiry moved,
     * or a dead cookie to clear). Several session cookies are never resolved by picking one:
     * the request is signed out and nothing is cleared (decision 0012). An outage is a
     * value, never "signed out".
     */
    resume: (headers: Headers): Promise<ResumedSession> =>
      resumeSession(database, readSessionCookies(headers.get("cookie"), cookieSettings), {
        lifetime,
        now: clock(),
        serialize: (token, expiresAt) =>
          serializeSessionCookie(token, expiresAt, clock(), cookieSettings),
        clear: () => serializeSessionCookieDeletion(cookieSettings),
      }),

    /** Who is asking: address, user agent, and the session and device tokens it carries. */
    client: (headers: Headers, socketAddress: string | null | undefined): Client =>
      describeClient(headers, socketAddress, {
        trustProxyHops: settings.trustProxyHops,
        cookie: cookieSettings,
      }),

    /** Sign-out: ends every genuine session the request carries. */
    async logOut(client: Client): Promise<void> {
      for (const token of client.sessionTokens) {
        const ended = await invalidateSessionToken(database, token, lifetime, clock());
        if (ended.user) {
          const { username, id } = ended.user;
          emit({ type: "logout", username, userId: id, ip: client.ip });
        }
      }
    },

    /** Ends every session of the user, on every device. */
    async logOutEverywhere(user: SessionUser, ip: string | null): Promise<number> {
      const count = await invalidateUserSessions(database, user.id);
      emit({ type: "logout_everywhere", username: user.username, userId: user.id, ip });
      return count;
    },

    /** Ends one of the user's own sessions; ids of other users' sessions change nothing. */
    async revokeSession(user: SessionUser, sessionId: string, ip: string | null): Promise<boolean> {
      const revoked = await revokeUserSession(database, user.id, sessionId);
      if (revoked) emit({ type: "session_revoked", username: user.username, userId: user.id, ip });
      return revoked;
    },

    listSessions: (userId: string): Promise<Session[]> =>
      listSessions(database, userId, lifetime, clock()),

    cookie: {
      name: sessionCookieName(cookieSettings),
      serialize: (token: string, expiresAt: Date): string =>
        serializeSessionCookie(token, expiresAt, clock(), cookieSettings),
      clear: (): string => serializeSessionCookieDeletion(cookieSettings),
      /** The same attributes as objects, for cookie APIs; `null` for a deletion. */
      attributes: (expiresAt: Date | null): SessionCookieAttributes =>
        sessionCookieAttributes(cookieSettings, expiresAt ? secondsUntil(expiresAt, clock()) : 0),
      /** A `Set-Cookie` value holding a pending sign-in (landing's login, then its second step). */
      pending: (token: string, expiresAt: Date): string =>
        serializePendingCookie(token, secondsUntil(expiresAt, clock()), cookieSettings.secure),
      clearPending: (): string => serializePendingCookieDeletion(cookieSettings.secure),
      /** A `Set-Cookie` value that gives this browser its device token (landing's login). */
      device: (token: string, expiresAt: Date): string =>
        serializeDeviceCookie(token, secondsUntil(expiresAt, clock()), cookieSettings.secure),
      /** A `Set-Cookie` value holding a sign-in through a provider (see `flow-cookie.ts`). */
      flow: (token: string, expiresAt: Date): string =>
        serializeFlowCookie(token, secondsUntil(expiresAt, clock()), cookieSettings),
      clearFlow: (): string => serializeFlowCookieDeletion(cookieSettings),
      /** The flow cookie's name and attributes, for cookie APIs (a link started on web). */
      flowName: flowCookieName(cookieSettings),
      flowAttributes: (expiresAt: Date) =>
        flowCookieAttributes(cookieSettings, secondsUntil(expiresAt, clock())),
    },

    /** The headers every response carries; `nonce` for pages whose framework inlines scripts. */
    securityHeaders: (options: { nonce?: string; development?: boolean } = {}) =>
      appSecurityHeaders(settings, options),

    /**
     * An app's answer, finished the same way by every app: the security headers,
     * `Cache-Control: no-store` unless it says otherwise (pages here depend on the session),
     * and `setCookie` from `resume` — unless the answer sets the session cookie itself, as a
     * sign-in does, which must win.
     */
    finish(
      response: Response,
      options: { setCookie?: string | null; nonce?: string; development?: boolean } = {},
    ): Response {
      // Redirects and some framework answers have immutable headers: copy before editing.
      // The status text is left out so that the server writes the standard one.
      const result = new Response(response.body, {
        status: response.status,
        headers: response.headers,
      });
      const { setCookie, ...headerOptions } = options;
      for (const [name, value] of Object.entries(appSecurityHeaders(settings, headerOptions))) {
        result.headers.set(name, value);
      }
      if (!result.headers.has("cache-control")) result.headers.set("Cache-Control", "no-store");
      const name = sessionCookieName(cookieSettings);
      const setsOwn = result.headers.getSetCookie().some((line) => line.startsWith(`${name}=`));
      if (setCookie && !setsOwn) result.headers.append("Set-Cookie", setCookie);
      return result;
    },

    /** The CSRF rule (decision 4) against every app's origin. */
    isAllowedOrigin: (request: { method: string; headers: Headers }): boolean =>
      isAllowedRequestOrigin(request, settings.appOrigins),

    /**
     * Where to go after signing in: `returnTo` if it lands on one of the apps (a signed-out
     * visitor of any app comes back where they were), else the web app's home.
     */
    redirectAfterSignIn: (returnTo: unknown): string =>
      safeRedirect(returnTo, {
        base: settings.webOrigin,
        allowedOrigins: settings.appOrigins,
        fallback: `${settings.webOrigin}/`,
      }),

    /** Records an event the app observed itself (a 503, say). */
    report: emit,
  };
}

export type Auth = ReturnType<typeof createAuth>;

/** A mail server's failure as one JSON line on standard error; its message names the server. */
function writeMailError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ event: "mail", error: message })}\n`);
}
