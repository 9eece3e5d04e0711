// People signed up and logged in through landing's real endpoints, each request from an
// address of its own (as a trusted proxy would report it), so that no test spends the
// budget of another. An app that trusts no proxy sees them all as 127.0.0.1.
import { postAsClient, type ClientOptions } from "./client-request.ts";
import { sessionTokenFrom, type HttpResult } from "./http.ts";
import type { TestApps } from "./test-apps.ts";
import { uniqueIp, uniqueUsername } from "./unique.ts";

/** Not common, no username in it, 8–256 code points: accepted at sign-up. */
export const PASSWORD = "correct horse 7";

export interface Person {
  username: string;
  password: string;
}

/** Who to sign up: by default a unique username (starting with `prefix`) and PASSWORD. */
export interface NewPerson extends Partial<Person> {
  prefix?: string;
}

export interface SignedIn extends Person {
  /** The whole cookie value, `<id>.<secret>`. */
  token: string;
  /** The public half of the token: the session document's `_id`. */
  sessionId: string;
  /** The secret half of the token. */
  secret: string;
  /** Landing's answer: a 303 with the session cookie. */
  result: HttpResult;
}

/** What signing in needs: where landing listens, and its public origin for the form's Origin. */
export type LandingApps = Pick<TestApps<"landing">, "landing" | "origins">;

/** Splits a token into the session id and the secret. */
export function tokenParts(token: string): { sessionId: string; secret: string } {
  const [sessionId = "", secret = ""] = token.split(".");
  return { sessionId, secret };
}

function signedIn(person: Person, result: HttpResult, what: string): SignedIn {
  const token = sessionTokenFrom(result);
  if (result.status !== 303 || !token) {
    throw new Error(`${what} failed: ${String(result.status)} ${result.body.slice(0, 300)}`);
  }
  return { ...person, token, ...tokenParts(token), result };
}

function postToLanding(
  apps: LandingApps,
  endpoint: "signup" | "login",
  person: Person,
  client: ClientOptions,
): Promise<HttpResult> {
  return postAsClient(
    `${apps.landing.url}/api/${endpoint}`,
    { username: person.username, password: person.password },
    { ...client, ip: client.ip ?? uniqueIp(), origin: apps.origins.landing },
  );
}

/** Signs a new person up on landing (a 303 with the session cookie), or throws. */
export async function signUp(
  apps: LandingApps,
  person: NewPerson = {},
  client: ClientOptions = {},
): Promise<SignedIn> {
  const full = {
    username: person.username ?? uniqueUsername(person.prefix),
    password: person.password ?? PASSWORD,
  };
  const result = await postToLanding(apps, "signup", full, client);
  return signedIn(full, result, `sign-up of ${full.username}`);
}

/** Logs an existing person in on landing (another session of theirs), or throws. */
export async function logIn(
  apps: LandingApps,
  person: Person,
  client: ClientOptions = {},
): Promise<SignedIn> {
  const result = await logInAttempt(apps, person, client);
  return signedIn(person, result, `login of ${person.username}`);
}

/** A login on landing, whatever its outcome. */
export function logInAttempt(
  apps: LandingApps,
  person: Person,
  client: ClientOptions = {},
): Promise<HttpResult> {
  return postToLanding(apps, "login", person, client);
}
