import { randomBytes } from "node:crypto";

import { findUserByUsername, insertUser } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { addNewAccountEmail } from "../mail/account-email.ts";
import { canonicalEmail } from "../mail/email-address.ts";
import { checkBreachedPassword } from "../password/breached-password.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { hashPassword } from "../password/password-hash.ts";
import {
  checkNewPassword,
  normalizePassword,
  type PasswordProblem,
} from "../password/password-rules.ts";
import type { Client } from "../request/client.ts";
import type { Session, SessionUser } from "../session/session.ts";
import { ipClaim } from "../throttle/ip-claim.ts";
import { takeAttempts } from "../throttle/throttle.ts";
import { newSecurityStamp } from "./security-stamp.ts";
import { signIn } from "./sign-in.ts";
import { canonicalUsername } from "./username.ts";

/** The credentials, and who is asking ({@link Client}). */
export interface SignUpInput extends Client {
  username: string;
  password: string;
  /** An email address, as typed; "" or absent for none (unless the settings require one). */
  email?: string;
}

export type SignUpError =
  | "username_invalid"
  | "username_taken"
  | "email_invalid"
  | "email_required"
  | PasswordProblem
  | "password_breached"
  | "too_many_attempts"
  | "busy";

export type SignUpResult = AuthResult<
  {
    user: SessionUser;
    token: string;
    session: Session;
    /** The verification mail of the address given, going out after the answer. */
    sending: Promise<void>;
  },
  SignUpError
>;

/**
 * Creates a user and signs them in (ending any session the request carried, as every
 * sign-in does). Cheap checks (username, password rules) come first and cost no budget;
 * the IP budget is taken before anything costly (breach lookup, hashing). The unique
 * index, not the look-up before it, decides who gets a contested name.
 */
export async function signUp(context: AuthContext, input: SignUpInput): Promise<SignUpResult> {
  const client: Client = input;
  const refuse = (error: SignUpError, username: string | null, retryAfterSeconds?: number) => {
    context.emit({ type: "signup_refused", username, ip: client.ip, reason: error });
    return failure(error, retryAfterSeconds);
  };

  const username = canonicalUsername(input.username);
  if (!username) return refuse("username_invalid", null);
  const email = (input.email ?? "").trim() === "" ? null : canonicalEmail(input.email);
  if (email === null && (input.email ?? "").trim() !== "") return refuse("email_invalid", username);
  if (email === null && context.signupEmail === "required") {
    return refuse("email_required", username);
  }
  const problem = checkNewPassword(input.password, username);
  if (problem) return refuse(problem, username);

  const ip = ipClaim(context, client.ip);
  const attempt = await takeAttempts(context.database, [ip], context.clock());
  if (!attempt.allowed) return refuse("too_many_attempts", username, attempt.retryAfterSeconds);

  const password = normalizePassword(input.password);
  if (context.breachCheck) {
    const verdict = await checkBreachedPassword(password, context.breachCheck);
    if (verdict === "breached") return refuse("password_breached", username);
  }
  // Usernames are public handles, so saying one is taken reveals nothing private; checking
  // first spares a hash for the common case.
  if (await findUserByUsername(context.database, username)) {
    return refuse("username_taken", username);
  }

  const passwordHash = await context.hashLimiter.run(() => hashPassword(password), [ip.key]);
  if (passwordHash === BUSY) {
    context.emit({ type: "busy", username, ip: client.ip, reason: "signup" });
    return failure("busy");
  }
  const user = { id: randomBytes(16).toString("base64url"), username };
  const securityStamp = newSecurityStamp();
  const inserted = await insertUser(context.database, { ...user, passwordHash, securityStamp });
  if (inserted === "taken") return refuse("username_taken", username);

  const started = await signIn(context, { user, securityStamp, client });
  // Nothing can change a user's credentials between its creation and its first session
  // but its own sessions, of which there are none yet.
  if (!started.ok) throw new Error("A new user's security stamp changed during sign-up");
  context.emit({ type: "signup", username, userId: user.id, ip: client.ip });
  const { sending } = email
    ? await addNewAccountEmail(context, { user, email: email.address, ip: client.ip })
    : { sending: Promise.resolve() };
  return { ok: true, user, token: started.token, session: started.session, sending };
}
