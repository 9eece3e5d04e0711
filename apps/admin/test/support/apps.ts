// What the admin console's integration tests share beyond the test client: the three
// production builds on one fresh database, people signed up through landing, administrators
// made by the real command, and requests as the console's own pages send them.
import { grantAdmin } from "@monorepo-auth/testing/admin-role";
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import {
  getAsClient,
  postAsClient,
  type ClientOptions,
  type FormBody,
} from "@monorepo-auth/testing/client-request";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { signUp as signUpOnLanding, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps as Apps } from "@monorepo-auth/testing/test-apps";

export {
  clearsSessionCookie,
  SESSION_COOKIE_NAME as COOKIE_NAME,
  sessionCookieLines,
} from "@monorepo-auth/testing/auth-cookies";
export type { SignedIn } from "@monorepo-auth/testing/sign-in";

export type TestApps = Apps<"landing" | "web" | "admin">;

/**
 * Starts landing, web and the admin console on one fresh database. Every app trusts one
 * proxy hop, so each client can come from an `X-Forwarded-For` address of its own (and the
 * audit log can be checked for it); landing's IP budget is raised, as a test file signs up
 * far more people than a real address would. `adminMongodbUri` puts the console (only)
 * behind another URI, such as a database proxy.
 */
export function startApps(options: { adminMongodbUri?: string } = {}): Promise<TestApps> {
  return startTestApps(["landing", "web", "admin"], {
    env: { TRUST_PROXY_HOPS: "1" },
    appEnv: {
      landing: { IP_ATTEMPT_LIMIT: "1000" },
      admin: options.adminMongodbUri === undefined ? {} : { MONGODB_URI: options.adminMongodbUri },
    },
  });
}

/** A new person, signed up on landing: their session cookie came with the 303. */
export function signUp(apps: TestApps, prefix = "person"): Promise<SignedIn> {
  return signUpOnLanding(apps, { prefix });
}

/** A new administrator: signed up on landing, then granted the role by `npm run admin`. */
export async function signUpAdmin(apps: TestApps, prefix = "admin"): Promise<SignedIn> {
  const person = await signUp(apps, prefix);
  await grantAdmin(apps.test, person.username);
  return person;
}

/** A GET as a browser holding `token` (or no cookie) sends it. */
export function get(url: string, token?: string | null): Promise<HttpResult> {
  return getAsClient(url, token ? { cookie: cookieHeader(token) } : {});
}

/** What a browser accepts when it submits a form; SvelteKit answers other clients in JSON. */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/**
 * A form of the console's page `path` posted as the browser sends it (from the console's
 * own origin, accepting HTML): `action` names the form action (`lock` → `?/lock`), or null
 * for the page's default action.
 */
export function postAction(
  apps: TestApps,
  path: string,
  action: string | null,
  body: FormBody,
  client: ClientOptions & { origin?: string } = {},
): Promise<HttpResult> {
  const url = `${apps.admin.url}${path}${action === null ? "" : `?/${action}`}`;
  return postAsClient(url, body, {
    origin: apps.origins.admin,
    ...client,
    headers: { accept: BROWSER_ACCEPT, ...client.headers },
  });
}

/** Confirms the person's password in this session (step-up), or throws. */
export async function confirmPassword(
  apps: TestApps,
  person: SignedIn,
  client: ClientOptions = {},
): Promise<void> {
  const result = await postAction(
    apps,
    "/confirm",
    null,
    { username: person.username, password: person.password, returnTo: "/" },
    { token: person.token, ...client },
  );
  if (result.status !== 303) {
    throw new Error(`step-up of ${person.username} failed: ${String(result.status)}`);
  }
}

/** The stored id of a user, read through the test's own connection. */
export async function userIdOf(apps: TestApps, username: string): Promise<string> {
  const { User } = await apps.database.models();
  const user = await User.findOne({ username }).lean().exec();
  if (!user) throw new Error(`no user ${username}`);
  return user._id;
}

/** Where landing's login sends a signed-out visitor of `pageUrl` on the admin console. */
export function loginUrlFor(apps: TestApps, pageUrl: string): string {
  return `${apps.landing.url}/login?returnTo=${encodeURIComponent(pageUrl)}`;
}

/** A page's text without Svelte's hydration markers (`<!--[-->`). */
export function pageText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, "");
}

/** What an administrator's action can change: roles, locks, sessions and their step-up, the log. */
export interface StoredState {
  users: { username: string; roles: string[]; lockedAt: Date | null; securityStamp: string }[];
  sessions: { id: string; userId: string; steppedUpAt: Date | null }[];
  auditEntries: number;
}

/** Everything an action could change, read through the test's own connection. */
export async function storedState(apps: TestApps): Promise<StoredState> {
  const { User, Session, AuditEntry } = await apps.database.models();
  const [users, sessions, auditEntries] = await Promise.all([
    User.find().sort({ username: 1 }).lean().exec(),
    Session.find().sort({ _id: 1 }).lean().exec(),
    AuditEntry.countDocuments().exec(),
  ]);
  return {
    users: users.map((user) => ({
      username: user.username,
      roles: user.roles ?? [],
      lockedAt: user.lockedAt ?? null,
      securityStamp: user.securityStamp ?? "",
    })),
    sessions: sessions.map((session) => ({
      id: session._id,
      userId: session.userId,
      steppedUpAt: session.steppedUpAt ?? null,
    })),
    auditEntries,
  };
}

/** A stored user's roles. */
export async function rolesOf(apps: TestApps, username: string): Promise<string[]> {
  const { User } = await apps.database.models();
  return (await User.findOne({ username }).lean().exec())?.roles ?? [];
}

/** Edits a stored session's step-up time, as time passing would. */
export async function setSteppedUpAt(
  apps: TestApps,
  sessionId: string,
  steppedUpAt: Date | null,
): Promise<void> {
  const { Session } = await apps.database.models();
  const result = await Session.updateOne({ _id: sessionId }, { $set: { steppedUpAt } }).exec();
  if (result.matchedCount !== 1) throw new Error(`no session ${sessionId} to edit`);
}

/** Locks or unlocks an account in the database itself, behind the console's back. */
export async function setLockedAt(
  apps: TestApps,
  username: string,
  lockedAt: Date | null,
): Promise<void> {
  const { User } = await apps.database.models();
  await User.updateOne({ username }, { $set: { lockedAt } }).exec();
}
