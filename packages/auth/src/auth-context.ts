import type { Database } from "@monorepo-auth/db/database";
import type { Mailer } from "@monorepo-auth/mail/mailer";

import type { Clock } from "./clock.ts";
import type { SecretBox } from "./factors/secret-box.ts";
import type { AuthEvent } from "./events.ts";
import type { BreachedPasswordCheck } from "./password/breached-password.ts";
import type { HashLimiter } from "./password/hash-limiter.ts";
import type { ProviderClients } from "./providers/provider-client.ts";
import type { SessionLifetime } from "./session/session-expiry.ts";
import type { Budget } from "./throttle/throttle.ts";

/** What the user operations need, assembled once by `createAuth`. */
export interface AuthContext {
  database: Database;
  lifetime: SessionLifetime;
  /** Live sessions a user may hold; signing in beyond this ends the oldest. */
  maxSessionsPerUser: number;
  ipBudget: Budget;
  clock: Clock;
  hashLimiter: HashLimiter;
  /** Null when the breached-password check is off. */
  breachCheck: BreachedPasswordCheck | null;
  /** Landing's origin: every link the kit mails starts with it, never with a request's Host. */
  landingOrigin: string;
  /**
   * Who passkeys belong to: the shared cookie domain when there is one (a passkey then works
   * on every app), else landing's host; and the origins allowed to use them (every app's).
   */
  relyingParty: { id: string; name: string; origins: readonly string[] };
  /** Seals authenticator keys; null without AUTH_ENCRYPTION_KEY (no one can turn one on). */
  secretBox: SecretBox | null;
  /** Whether sign-up must be given an email address. */
  signupEmail: "optional" | "required";
  /** Null when no SMTP_URL is set: every mail then counts as not sent. */
  mailer: Pick<Mailer, "send"> | null;
  /** Writes a mail server's failure (it names the server, never the mail) to the error log. */
  logMailError(error: unknown): void;
  emit(event: AuthEvent): void;
  /** The sign-in providers turned on, each speaking through its openid-client configuration. */
  providers: ProviderClients;
}
